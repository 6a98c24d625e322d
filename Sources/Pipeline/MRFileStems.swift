/// File stems of MR volumes named by sequence (`t2w`, `dwi_b800`, `adc`, `t1w_arterial`…;
/// ``DICOMBackend/MRSequenceIdentification/fileLabel(bValue:)``), as `aligned/` and `features/tumour-<stem>.csv`
/// use them.
enum MRFileStems {
    /// One volume to name: its volume name (`se-…_n`), its sequence label, and whether it is the scanner's own
    /// trace image of a b-value (``DICOMBackend/DiffusionEncoding/isotropic``).
    struct Item {
        var volume: String
        var label: String
        var isScannerTrace: Bool
    }

    /// The stem of every item, by volume name: the bare label when it is the only volume with that label, or the one
    /// scanner trace among direction images of the same b-value (DWI b800 is the trace, as radiologists read it);
    /// else `<label>_<volume>`. `unknown` is never bare.
    static func stems(_ items: [Item]) -> [String: String] {
        var stems: [String: String] = [:]
        for (label, group) in Dictionary(grouping: items, by: \.label) {
            let traces = group.filter(\.isScannerTrace)
            let bare = label == "unknown" ? nil : group.count == 1 ? group[0].volume : traces.count == 1 ? traces[0].volume : nil
            for item in group { stems[item.volume] = item.volume == bare ? label : label + "_" + item.volume }
        }
        return stems
    }
}
