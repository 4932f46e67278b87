/** The throwaway Postgres cluster of the Postgres suite and the bench lives with the repository's scripts (the stack uses it too). */
export { postgresUnavailableReason, startPostgres, type PostgresCluster } from "@orm/scripts/lib/postgres";
