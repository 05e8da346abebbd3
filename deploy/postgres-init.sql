-- Run once by the postgres image on an empty data volume
-- (mounted into /docker-entrypoint-initdb.d by docker-compose.yml).
-- Each service owns its own database.
CREATE DATABASE ti_accounts;
CREATE DATABASE ti_records;
CREATE DATABASE ti_audit;
CREATE DATABASE ti_reporting;
