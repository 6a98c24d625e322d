import VolumeModule

/// The LoG and wavelet image types of the IBSI preset (``ExtractionMode/ibsi``), computed with the IBSI 2
/// definitions of ``IBSIFilters`` on the whole (resampled) image, boundary condition `filterPadding` (IBSI 2 phase 2:
/// mirror). Image names are PyRadiomics' (`log-sigma-1-5-mm-3D`, `wavelet-LLH`, `wavelet2-HHH`) so outputs of both
/// modes line up.
enum IBSIFilteredImages {
    /// One LoG image per σ (IBSI 2: truncation 4σ, not scale-normalised; `force2D` filters each slice in-plane).
    static func laplacianOfGaussian(values: [Double], size: Size3, spacing: Vector3, sigmas: [LoGSigma],
                                    settings: ExtractionSettings) -> [FilteredImage] {
        parallelMap(sigmas.count) { n in
            FilteredImage(name: sigmas[n].imageTypeName,
                          values: IBSIFilters.laplacianOfGaussian(values: values, size: size, spacing: spacing,
                                                                  sigma: sigmas[n].millimetres,
                                                                  padding: settings.filterPadding,
                                                                  inPlane: settings.force2D))
        }
    }

    /// The 7 detail sub-bands of each reported level (`start_level + 1 … start_level + level`) and the
    /// approximation `LLL` of the last, undecimated, not rotation-invariant.
    /// - Throws: ``RadiomicsError/unsupportedSetting(key:value:)`` for an unknown wavelet, or with `force2D` (the
    ///   IBSI-mode wavelets are 3-D only).
    static func wavelet(values: [Double], size: Size3, settings: ExtractionSettings) throws -> [FilteredImage] {
        let jobs = try waveletJobs(settings: settings)
        return parallelMap(jobs.count) { n in
            FilteredImage(name: jobs[n].name,
                          values: IBSIFilters.wavelet(values: values, size: size, bank: jobs[n].bank,
                                                      band: jobs[n].band, level: jobs[n].level,
                                                      padding: settings.filterPadding))
        }
    }

    /// The names of ``wavelet(values:size:settings:)``'s images, in its order.
    /// - Throws: as ``wavelet(values:size:settings:)``.
    static func waveletNames(settings: ExtractionSettings) throws -> [String] {
        try waveletJobs(settings: settings).map(\.name)
    }

    private static func waveletJobs(settings: ExtractionSettings) throws
        -> [(name: String, band: String, level: Int, bank: WaveletFilterBank)] {
        if settings.force2D { throw RadiomicsError.unsupportedSetting(key: "force2D", value: "wavelet in IBSI mode") }
        guard let bank = WaveletFilterBank(named: settings.wavelet) else {
            throw RadiomicsError.unsupportedSetting(key: "wavelet", value: settings.wavelet)
        }
        let bands = ["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"]
        let first = settings.startLevel + 1, last = settings.startLevel + settings.level
        var jobs: [(name: String, band: String, level: Int, bank: WaveletFilterBank)] = []
        for level in first...last {
            let prefix = level == first ? "wavelet-" : "wavelet\(level - first + 1)-"
            jobs += bands.map { (prefix + $0, $0, level, bank) }
        }
        jobs.append(((last == first ? "wavelet-" : "wavelet\(last - first + 1)-") + "LLL", "LLL", last, bank))
        return jobs
    }
}
