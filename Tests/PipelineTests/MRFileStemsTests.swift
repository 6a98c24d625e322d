import Testing
@testable import Pipeline

/// Names of MR volumes in `aligned/` and `features/`: the bare sequence label when unique, or for the scanner's
/// trace among the direction images of its b-value.
@Suite struct MRFileStemsTests {
    @Test func theScannerTraceOwnsTheLabelOfItsBValue() {
        let stems = MRFileStems.stems([
            .init(volume: "se-a_1", label: "dwi_b0", isScannerTrace: false),
            .init(volume: "se-a_2", label: "dwi_b800", isScannerTrace: false),
            .init(volume: "se-a_3", label: "dwi_b800", isScannerTrace: false),
            .init(volume: "se-b_1", label: "dwi_b800", isScannerTrace: true),
            .init(volume: "se-c_1", label: "adc", isScannerTrace: false),
            .init(volume: "se-d_1", label: "unknown", isScannerTrace: false),
        ])
        #expect(stems == ["se-a_1": "dwi_b0", "se-a_2": "dwi_b800_se-a_2", "se-a_3": "dwi_b800_se-a_3", "se-b_1": "dwi_b800",
                          "se-c_1": "adc", "se-d_1": "unknown_se-d_1"])
    }

    @Test func twoTracesOrNoTraceKeepEveryVolumeName() {
        let two = MRFileStems.stems([.init(volume: "x_1", label: "dwi_b800", isScannerTrace: true),
                                     .init(volume: "y_1", label: "dwi_b800", isScannerTrace: true)])
        #expect(two == ["x_1": "dwi_b800_x_1", "y_1": "dwi_b800_y_1"])
    }
}
