import Foundation
import RadiomicsCore

/// `features.columns.json`: what each feature column of the cohort table is — PyRadiomics name, image type
/// (`original`, `log-sigma-2-0-mm-3D`, `wavelet-LLH`, …), feature class, feature, the IBSI 1 reference tag
/// where IBSI defines the feature (``FeatureDescriptor/ibsiTag``) and any deviation from IBSI.
struct CohortColumn: Codable, Equatable {
    var column: String
    var imageType: String
    var featureClass: String
    var feature: String
    var ibsiTag: String?
    var ibsiDeviation: String?

    /// The dictionary entry of a column named `<image type>_<class>_<feature>`.
    init(column: String) {
        self.column = column
        let parts = column.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        // Image types may hold underscores only in LBP names; the class is the first part that names one.
        if let n = parts.indices.dropFirst().first(where: { FeatureClass(rawValue: parts[$0]) != nil }), n + 1 < parts.count {
            imageType = parts[..<n].joined(separator: "_")
            featureClass = parts[n]
            feature = parts[(n + 1)...].joined(separator: "_")
            let descriptor = FeatureClass(rawValue: featureClass).flatMap { FeatureCatalog.descriptor($0, feature) }
            ibsiTag = descriptor.flatMap { $0.ibsiTag.isEmpty ? nil : $0.ibsiTag }
            ibsiDeviation = descriptor.flatMap { $0.deviation.isEmpty ? nil : $0.deviation }
        } else {
            imageType = ""
            featureClass = ""
            feature = column
        }
    }

    /// The JSON text of the dictionary for `columns`.
    static func dictionary(_ columns: [String], keyColumns: [String]) throws -> Data {
        struct File: Encodable {
            var keyColumns: [String]
            var features: [CohortColumn]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(File(keyColumns: keyColumns, features: columns.map(CohortColumn.init(column:))))
    }
}
