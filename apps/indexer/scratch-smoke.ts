import { deployTestProtocol } from "./test/helpers/protocol.ts";
import { makeTempDir, startHardhatNode, startPonder, waitForIndexed } from "./test/helpers/processes.ts";
const dir = makeTempDir("idx-smoke");
console.log(dir);
const node = await startHardhatNode(dir);
let ponder;
try {
  const p = await deployTestProtocol(node.rpcUrl, dir);
  const a = await p.createProject(1, { name: "Alpha Net", symbol: "ALPHA", firstBuy: 10n });
  await p.buy(2, a.token, 5n);
  await p.sell(2, a.token, 2n);
  console.log("created", a.id, a.token);
  const t0 = Date.now();
  ponder = await startPonder({ dir, deploymentFile: p.deploymentFile, rpcUrl: node.rpcUrl });
  console.log("up in", Date.now() - t0);
  await waitForIndexed(ponder.apiUrl, await p.blockNumber(), 60_000);
  console.log("indexed in", Date.now() - t0);
  console.log(await (await fetch(ponder.apiUrl + "/projects")).text());
  console.log(await (await fetch(ponder.apiUrl + "/projects/0")).text());
} catch (e) { console.error(e); if (ponder) console.log(ponder.log().slice(-5000)); }
finally { await ponder?.stop(); await node.stop(); }
