import Dynamics
import DynamicsTestSupport
import Foundation
import XCTest

/// Linking `Dynamics` changes nothing in the process: no environment variable, no OpenBLAS
/// re-initialisation. Checked in a fresh child process (this test binary, running only the probe
/// below), since other tests in this process may have chosen kernels already.
final class LibraryLoadTests: XCTestCase {
    static let childMarker = "DYNAMICS_LOAD_PROBE"

    func testLinkingTheLibraryLeavesOpenBLASAndTheEnvironmentAlone() throws {
        guard BLASKernels.familyName != nil else { throw XCTSkip("the BLAS is not OpenBLAS") }
        let (status, text) = try ChildProcess.runTest(
            "DynamicsTests.LibraryLoadTests/testProbeInAFreshProcess", environment: [Self.childMarker: "1"], removing: ["OPENBLAS_CORETYPE"])
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("probe: untouched"), text)
    }

    /// Runs only in the child: nothing has been called, so nothing may have been selected.
    func testProbeInAFreshProcess() throws {
        guard ProcessInfo.processInfo.environment[Self.childMarker] != nil else { throw XCTSkip("the probe runs as the child of testLinkingTheLibraryLeavesOpenBLASAndTheEnvironmentAlone") }
        let before = BLASKernels.familyName
        XCTAssertNil(BLASKernels.familySelectedFromCPUFeatures, "the library selected kernels as it loaded")
        XCTAssertNil(getenv("OPENBLAS_CORETYPE"), "the library set OPENBLAS_CORETYPE")
        // A product runs on whatever OpenBLAS chose by itself, and that choice stays.
        _ = Matrix.identity(8) * Matrix.identity(8)
        XCTAssertEqual(BLASKernels.familyName, before)
        print("probe: untouched (\(before ?? "?"))")
    }
}
