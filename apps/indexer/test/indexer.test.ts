/** The indexer on its default database, embedded PGlite (in a temp dir). */
import { defineIndexerSuite } from "./helpers/suite.ts";

defineIndexerSuite("indexer on PGlite", async () => ({}));
