-- The README's "PostgreSQL roles" SQL, made idempotent for a CI server that outlives its runs
-- (psql's \gexec runs each statement the SELECT before it returns). Run as a superuser with
-- -v db=<database>.
SELECT 'CREATE ROLE retest_owner LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'retest_owner') \gexec
SELECT 'CREATE ROLE retest_app LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'retest_app') \gexec
ALTER ROLE retest_owner SET log_error_verbosity = terse;
ALTER ROLE retest_owner SET log_min_error_statement = panic;
ALTER ROLE retest_app SET log_error_verbosity = terse;
ALTER ROLE retest_app SET log_min_error_statement = panic;
SELECT format('CREATE DATABASE %I OWNER retest_owner', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
-- Databases an earlier CI run made as the superuser change hands (the suite drops its own).
SELECT format('ALTER DATABASE %I OWNER TO retest_owner', datname)
FROM pg_database WHERE datname IN (:'db', 'test_' || :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO retest_app', :'db') \gexec
-- For the test suite: the owner creates its test database and runs each request as the app.
ALTER ROLE retest_owner CREATEDB;
GRANT retest_app TO retest_owner;
