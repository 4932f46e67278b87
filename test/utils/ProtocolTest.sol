// SPDX-License-Identifier: MIT
// test/utils/ProtocolTest.sol
pragma solidity ^0.8.28;

import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {ProjectRegistry} from "../../contracts/ProjectRegistry.sol";
import {ProjectToken} from "../../contracts/ProjectToken.sol";
import {ProposalLedger} from "../../contracts/ProposalLedger.sol";
import {ReviewQuorum} from "../../contracts/ReviewQuorum.sol";
import {VerifierRegistry} from "../../contracts/VerifierRegistry.sol";
import {vm} from "./Vm.sol";

/// @dev Thrown by the assertion helpers; carries what was compared so a failure explains itself.
error AssertionFailed(string what, uint256 actual, uint256 expected);
error AssertionFailedSigned(string what, int256 actual, int256 expected);
error AssertionFailedAddress(string what, address actual, address expected);

/**
 * @dev Shared base for the Solidity tests: deploys and wires the four contracts the way
 * `scripts/deploy.ts` does (the ledger first, pointing at the registry's precomputed address),
 * allowlists three verifiers and offers helpers for the common steps.
 */
abstract contract ProtocolTest {
    VerifierRegistry internal verifiers;
    ProposalLedger internal ledger;
    ProjectRegistry internal registry;
    ReviewQuorum internal quorum;

    /// @dev The window real deployments use.
    uint64 internal constant COMMIT_WINDOW = 10 minutes;
    /// @dev The quorum phases real deployments use.
    uint64 internal constant COMMIT_PHASE = 24 hours;
    uint64 internal constant REVEAL_PHASE = 12 hours;
    uint64 internal constant APPEAL_WINDOW = 48 hours;
    uint64 internal constant DRAW_DELAY_BLOCKS = 3;
    address internal constant CREATOR = address(0xC0FFEE);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant MINER = address(0x313E7);
    address internal constant VERIFIER_1 = address(0x7E1);
    address internal constant VERIFIER_2 = address(0x7E2);
    address internal constant VERIFIER_3 = address(0x7E3);
    address internal constant OUTSIDER = address(0xBAD);
    address internal constant APPELLANT = address(0xA99E);

    uint256 internal constant BASE_PRICE = 1e12;
    uint256 internal constant SLOPE = 1e10;
    uint256 internal constant POOL_CAP = 10_000;
    int256 internal constant BASELINE = 1_000_000;
    uint256 internal constant MIN_BOND = 0.1 ether;

    bytes32 internal constant PROTOCOL_ROOT = keccak256("protocol");
    bytes32 internal constant REPO_ROOT = keccak256("repo");
    bytes32 internal constant BENCH_ROOT = keccak256("bench");
    bytes32 internal constant METRICS_ROOT = keccak256("metrics");
    bytes32 internal constant LOG_ROOT = keccak256("log");

    function setUp() public virtual {
        vm.warp(1_800_000_000);
        // Deployed in this order, each at the next nonce: verifiers, ledger, registry, quorum.
        uint256 nonce = vm.getNonce(address(this));
        address predictedRegistry = _createAddress(address(this), nonce + 2);
        address predictedQuorum = _createAddress(address(this), nonce + 3);
        verifiers = new VerifierRegistry(address(this), MIN_BOND, predictedQuorum);
        ledger = new ProposalLedger(
            predictedRegistry, address(verifiers), COMMIT_WINDOW, predictedQuorum, _singleReviewAppeals()
        );
        registry = new ProjectRegistry(address(ledger));
        quorum = new ReviewQuorum(address(ledger), COMMIT_PHASE, REVEAL_PHASE, APPEAL_WINDOW, DRAW_DELAY_BLOCKS);
        _assertEqAddress("registry at predicted address", address(registry), predictedRegistry);
        _assertEqAddress("quorum at predicted address", address(quorum), predictedQuorum);
        verifiers.addVerifier(VERIFIER_1);
        verifiers.addVerifier(VERIFIER_2);
        verifiers.addVerifier(VERIFIER_3);
    }

    /// @dev Whether single reviewers' verdicts wait out an appeal window; the reference-shape suites test
    /// the immediate settlement, the single-review appeal suite turns it on.
    function _singleReviewAppeals() internal pure virtual returns (bool) {
        return false;
    }

    // ------------------------------------------------------------------ steps

    function _createProject() internal returns (uint256 projectId, ProjectToken token) {
        return _createProject(_defaultConfig());
    }

    function _createProject(IProjectRegistry.ProjectConfig memory config)
        internal
        returns (uint256 projectId, ProjectToken token)
    {
        IProjectRegistry.CreateParams memory params = _params(config);
        vm.prank(CREATOR);
        (uint256 id, address tokenAddr) = registry.createProjectWithConfig(params);
        return (id, ProjectToken(tokenAddr));
    }

    function _params(IProjectRegistry.ProjectConfig memory config)
        internal
        pure
        returns (IProjectRegistry.CreateParams memory)
    {
        return IProjectRegistry.CreateParams({
            protocolHash: PROTOCOL_ROOT,
            repoSnapshotHash: REPO_ROOT,
            benchmarkHash: BENCH_ROOT,
            baselineAggregateScore: BASELINE,
            baselineMetricsHash: METRICS_ROOT,
            tokenName: "Sorting Speed",
            tokenSymbol: "SORT",
            basePrice: BASE_PRICE,
            slope: SLOPE,
            minerPoolCap: POOL_CAP,
            config: config,
            firstBuyAmount: 0
        });
    }

    function _defaultConfig() internal pure returns (IProjectRegistry.ProjectConfig memory config) {
        config.minStake = 1;
        config.metricScale = 1e6;
        // 10 ppm: a verified score within 10 units of a claim near the tests' baseline (1e6) reproduces it.
        config.tolerancePpm = 10;
        // The reference shape's schedule: the whole pool over a progress of |BASELINE| (1e6), so each
        // +100 of progress mints one token of the 10,000-token pool.
        config.rewardRule = IProjectRegistry.RewardRule.Impact;
        config.rewardBps = 10_000;
        config.impactTarget = 1_000_000;
        config.reviewQuorum = 1;
    }

    function _buy(address buyer, ProjectToken token, uint256 amount) internal returns (uint256 cost) {
        cost = token.quoteBuyExact(amount);
        vm.deal(buyer, buyer.balance + cost);
        vm.prank(buyer);
        token.buyExact{value: cost}(amount, cost, block.timestamp);
    }

    function _sell(address seller, ProjectToken token, uint256 amount) internal returns (uint256 refund) {
        vm.prank(seller);
        refund = token.sellExact(amount, 0, block.timestamp);
    }

    /// @dev Buys the stake for `miner` and submits `codeHash` with it.
    function _submit(address miner, uint256 projectId, bytes32 codeHash, int256 claimed, uint256 stake)
        internal
        returns (uint256 proposalId)
    {
        ProjectToken token = ProjectToken(registry.tokenOf(projectId));
        _buy(miner, token, stake);
        vm.startPrank(miner);
        token.approve(address(ledger), stake);
        proposalId = ledger.submit(projectId, codeHash, LOG_ROOT, claimed, stake, address(0));
        vm.stopPrank();
    }

    /// @dev Claims once the proposal is reviewable (`COMMIT_WINDOW` after its priority time).
    function _claim(address verifier, uint256 proposalId) internal {
        uint256 reviewable = ledger.reviewableAt(proposalId);
        if (block.timestamp < reviewable) vm.warp(reviewable);
        vm.prank(verifier);
        ledger.claimReview(proposalId);
    }

    /// @dev Posts `amount` of native bond for `verifier`.
    function _postBond(address verifier, uint256 amount) internal {
        vm.deal(verifier, verifier.balance + amount);
        vm.prank(verifier);
        verifiers.postBond{value: amount}();
    }

    /// @dev The appellant posts the appeal bond and the appeal's seats are drawn; returns the bond.
    function _appealAndDraw(uint256 id) internal returns (uint256 appealBond) {
        appealBond = quorum.appealBondOf(id);
        vm.deal(APPELLANT, appealBond);
        vm.prank(APPELLANT);
        quorum.appeal{value: appealBond}(id);
        vm.roll(block.number + DRAW_DELAY_BLOCKS + 1);
        quorum.drawSeats(id);
    }

    /// @dev An EIP-2612 permit signed with `key` for `token`'s current nonce of `owner`.
    function _signPermit(ProjectToken token, uint256 key, address owner, address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                spender,
                value,
                token.nonces(owner),
                deadline
            )
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }

    // ------------------------------------------------------------------ assertions

    function _assertEq(string memory what, uint256 actual, uint256 expected) internal pure {
        if (actual != expected) revert AssertionFailed(what, actual, expected);
    }

    function _assertEqSigned(string memory what, int256 actual, int256 expected) internal pure {
        if (actual != expected) revert AssertionFailedSigned(what, actual, expected);
    }

    function _assertEqAddress(string memory what, address actual, address expected) internal pure {
        if (actual != expected) revert AssertionFailedAddress(what, actual, expected);
    }

    function _assertLe(string memory what, uint256 actual, uint256 bound) internal pure {
        if (actual > bound) revert AssertionFailed(what, actual, bound);
    }

    function _assertGe(string memory what, uint256 actual, uint256 bound) internal pure {
        if (actual < bound) revert AssertionFailed(what, actual, bound);
    }

    function _assertTrue(string memory what, bool condition) internal pure {
        if (!condition) revert AssertionFailed(what, 0, 1);
    }

    // ------------------------------------------------------------------ fuzz inputs

    /// @dev `x` mapped into `[min, max]` (uniform enough for fuzzing; `min <= max`).
    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max == type(uint256).max && min == 0) return x;
        return min + (x % (max - min + 1));
    }

    // ------------------------------------------------------------------ addresses

    /// @dev The CREATE address of `deployer` at `nonce` (nonces below 128 suffice here).
    function _createAddress(address deployer, uint256 nonce) internal pure returns (address) {
        require(nonce > 0 && nonce < 0x80, "nonce out of range for this helper");
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xd6), bytes1(0x94), deployer, uint8(nonce))))));
    }
}
