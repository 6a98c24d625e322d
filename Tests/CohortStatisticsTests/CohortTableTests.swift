import Testing
@testable import CohortStatistics

@Suite struct CohortTableTests {
    @Test func columnsAreFeaturesDiagnosticsOrKeysByName() throws {
        let table = try CohortTable(csv: """
            ID,Image,Mask,Label,Reader,diagnostics_Versions_PyRadiomics,original_glcm_Idmn,wavelet-LLH_firstorder_Median,log-sigma-2-0-mm-3D_glszm_ZoneEntropy,original_shape2D_Perimeter,volume_ml,original_texture_X
            p1,i.nii,m.nii,1,reader-1,v3.1.0,0.9,1.5,2,3,4,5

            """, name: "t.csv")
        #expect(table.featureNames == ["original_glcm_Idmn", "wavelet-LLH_firstorder_Median",
                                       "log-sigma-2-0-mm-3D_glszm_ZoneEntropy", "original_shape2D_Perimeter"])
        #expect(table.keyColumns == ["ID", "Image", "Mask", "Label", "Reader", "volume_ml", "original_texture_X"])
    }

    @Test func emptyNaNAndInfiniteCellsAreMissing() throws {
        let table = try CohortTable(csv: "ID,original_firstorder_Mean\na,1.5\nb,\nc,nan\nd, -2e3 \ne,inf\nf,NaN\n", name: "t")
        #expect(try table.values(of: "original_firstorder_Mean") == [1.5, nil, nil, -2000, nil, nil])
    }

    @Test func textInAFeatureColumnIsAnErrorNamingColumnAndLine() throws {
        let table = try CohortTable(csv: "ID,original_firstorder_Mean\na,1\nb,high\n", name: "t.csv")
        #expect(throws: CohortStatisticsError.notANumber(table: "t.csv", column: "original_firstorder_Mean", line: 3)) {
            try table.values(of: "original_firstorder_Mean")
        }
        #expect(throws: CohortStatisticsError.missingColumn(table: "t.csv", column: "original_glcm_Idmn")) {
            try table.values(of: "original_glcm_Idmn")
        }
    }

    @Test func repeatedColumnsAndNoRowsAreErrors() {
        #expect(throws: CohortStatisticsError.duplicateColumn(table: "t", column: "ID")) {
            try CohortTable(csv: "ID,ID\n1,2\n", name: "t")
        }
        #expect(throws: CohortStatisticsError.emptyTable(table: "t")) { try CohortTable(csv: "ID,original_glcm_Idmn\n", name: "t") }
    }
}
