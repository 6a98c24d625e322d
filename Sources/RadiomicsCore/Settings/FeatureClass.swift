/// A PyRadiomics feature class (family), named exactly as in PyRadiomics 3.1.0 output keys
/// (`original_<class>_<feature>`).
public enum FeatureClass: String, CaseIterable, Sendable, Codable, Comparable {
    case firstorder, glcm, gldm, glrlm, glszm, ngtdm, shape, shape2D

    /// The feature names of this class, in PyRadiomics' order (Python's sorted `get…FeatureValue` names).
    public var featureNames: [String] { FeatureCatalog.entries(of: self).map(\.name) }

    /// Features computed when the class is enabled without naming features: all non-deprecated ones.
    public var defaultFeatureNames: [String] { FeatureCatalog.entries(of: self).filter { !$0.deprecated }.map(\.name) }

    /// Whether the class describes the mask only (computed once, from the original mask).
    public var isShape: Bool { self == .shape || self == .shape2D }

    public static func < (a: FeatureClass, b: FeatureClass) -> Bool { a.rawValue < b.rawValue }
}

/// One feature as PyRadiomics 3.1.0 defines it, with its IBSI identifier where one exists.
public struct FeatureDescriptor: Sendable, Hashable {
    /// PyRadiomics name (`JointEntropy`).
    public var name: String
    /// Marked `@deprecated` in PyRadiomics: only computed when named explicitly.
    public var deprecated: Bool
    /// Deprecated features that PyRadiomics refuses to compute (it raises `DeprecationWarning` and skips them
    /// because they equal another feature); naming them yields no value.
    public var alwaysSkipped: Bool
    /// IBSI 1 feature tag as used by the IBSI reference tables (e.g. `cm_joint_entr_3D_avg`), empty where IBSI has
    /// no counterpart.
    public var ibsiTag: String
    /// A note on a deviation from IBSI, empty if none.
    public var deviation: String
}

/// The table of every feature, per class (PyRadiomics 3.1.0 `getFeatureNames()`, IBSI 1 reference tags).
public enum FeatureCatalog {
    /// The descriptors of a class in PyRadiomics' output order.
    public static func entries(of featureClass: FeatureClass) -> [FeatureDescriptor] {
        table[featureClass] ?? []
    }

    /// The descriptor of one feature, if the class defines it.
    public static func descriptor(_ featureClass: FeatureClass, _ name: String) -> FeatureDescriptor? {
        entries(of: featureClass).first { $0.name == name }
    }

    private static func f(_ name: String, _ ibsi: String = "", deprecated: Bool = false, skipped: Bool = false,
                          deviation: String = "") -> FeatureDescriptor {
        FeatureDescriptor(name: name, deprecated: deprecated || skipped, alwaysSkipped: skipped, ibsiTag: ibsi,
                          deviation: deviation)
    }

    private static let table: [FeatureClass: [FeatureDescriptor]] = [
        .firstorder: [
            f("10Percentile", "stat_p10"), f("90Percentile", "stat_p90"), f("Energy", "stat_energy", deviation: "voxelArrayShift added"),
            f("Entropy", "ih_entropy"), f("InterquartileRange", "stat_iqr"), f("Kurtosis", "stat_kurt", deviation: "not excess: IBSI + 3"),
            f("Maximum", "stat_max"), f("Mean", "stat_mean"), f("MeanAbsoluteDeviation", "stat_mad"), f("Median", "stat_median"),
            f("Minimum", "stat_min"), f("Range", "stat_range"), f("RobustMeanAbsoluteDeviation", "stat_rmad"),
            f("RootMeanSquared", "stat_rms", deviation: "voxelArrayShift added"), f("Skewness", "stat_skew"),
            f("StandardDeviation", deprecated: true), f("TotalEnergy"), f("Uniformity", "ih_uniformity"), f("Variance", "stat_var"),
        ],
        .shape: [
            f("Compactness1", "morph_comp_1", deprecated: true), f("Compactness2", "morph_comp_2", deprecated: true),
            f("Elongation", "morph_pca_elongation"), f("Flatness", "morph_pca_flatness"),
            f("LeastAxisLength", "morph_pca_least_axis", deviation: "PCA with 1/N covariance"),
            f("MajorAxisLength", "morph_pca_maj_axis", deviation: "PCA with 1/N covariance"), f("Maximum2DDiameterColumn"),
            f("Maximum2DDiameterRow"), f("Maximum2DDiameterSlice"), f("Maximum3DDiameter", "morph_diam"),
            f("MeshVolume", "morph_volume"), f("MinorAxisLength", "morph_pca_min_axis", deviation: "PCA with 1/N covariance"),
            f("SphericalDisproportion", "morph_sph_dispr", deprecated: true), f("Sphericity", "morph_sphericity"), f("SurfaceArea", "morph_area_mesh"),
            f("SurfaceVolumeRatio", "morph_av"), f("VoxelVolume", "morph_vol_approx"),
        ],
        .shape2D: [
            f("Elongation"), f("MajorAxisLength"), f("MaximumDiameter"), f("MeshSurface"), f("MinorAxisLength"),
            f("Perimeter"), f("PerimeterSurfaceRatio"), f("PixelSurface"), f("SphericalDisproportion", deprecated: true),
            f("Sphericity"),
        ],
        .glcm: [
            f("Autocorrelation", "cm_auto_corr_3D_avg"), f("ClusterProminence", "cm_clust_prom_3D_avg"), f("ClusterShade", "cm_clust_shade_3D_avg"),
            f("ClusterTendency", "cm_clust_tend_3D_avg"), f("Contrast", "cm_contrast_3D_avg"), f("Correlation", "cm_corr_3D_avg"),
            f("DifferenceAverage", "cm_diff_avg_3D_avg"), f("DifferenceEntropy", "cm_diff_entr_3D_avg"), f("DifferenceVariance", "cm_diff_var_3D_avg"),
            f("Dissimilarity", skipped: true), f("Homogeneity1", skipped: true), f("Homogeneity2", skipped: true),
            f("Id", "cm_inv_diff_3D_avg"), f("Idm", "cm_inv_diff_mom_3D_avg"), f("Idmn", "cm_inv_diff_mom_norm_3D_avg"), f("Idn", "cm_inv_diff_norm_3D_avg"), f("Imc1", "cm_info_corr1_3D_avg"), f("Imc2", "cm_info_corr2_3D_avg"),
            f("InverseVariance", "cm_inv_var_3D_avg"), f("JointAverage", "cm_joint_avg_3D_avg"), f("JointEnergy", "cm_energy_3D_avg"), f("JointEntropy", "cm_joint_entr_3D_avg"),
            f("MCC"), f("MaximumProbability", "cm_joint_max_3D_avg"), f("SumAverage", "cm_sum_avg_3D_avg"), f("SumEntropy", "cm_sum_entr_3D_avg"),
            f("SumSquares", "cm_joint_var_3D_avg"), f("SumVariance", skipped: true),
        ],
        .glrlm: [
            f("GrayLevelNonUniformity", "rlm_glnu_3D_avg"), f("GrayLevelNonUniformityNormalized", "rlm_glnu_norm_3D_avg"),
            f("GrayLevelVariance", "rlm_gl_var_3D_avg"), f("HighGrayLevelRunEmphasis", "rlm_hgre_3D_avg"), f("LongRunEmphasis", "rlm_lre_3D_avg"),
            f("LongRunHighGrayLevelEmphasis", "rlm_lrhge_3D_avg"), f("LongRunLowGrayLevelEmphasis", "rlm_lrlge_3D_avg"),
            f("LowGrayLevelRunEmphasis", "rlm_lgre_3D_avg"), f("RunEntropy", "rlm_rl_entr_3D_avg"), f("RunLengthNonUniformity", "rlm_rlnu_3D_avg"),
            f("RunLengthNonUniformityNormalized", "rlm_rlnu_norm_3D_avg"), f("RunPercentage", "rlm_r_perc_3D_avg"), f("RunVariance", "rlm_rl_var_3D_avg"),
            f("ShortRunEmphasis", "rlm_sre_3D_avg"), f("ShortRunHighGrayLevelEmphasis", "rlm_srhge_3D_avg"),
            f("ShortRunLowGrayLevelEmphasis", "rlm_srlge_3D_avg"),
        ],
        .glszm: [
            f("GrayLevelNonUniformity", "szm_glnu_3D"), f("GrayLevelNonUniformityNormalized", "szm_glnu_norm_3D"),
            f("GrayLevelVariance", "szm_gl_var_3D"), f("HighGrayLevelZoneEmphasis", "szm_hgze_3D"), f("LargeAreaEmphasis", "szm_lze_3D"),
            f("LargeAreaHighGrayLevelEmphasis", "szm_lzhge_3D"), f("LargeAreaLowGrayLevelEmphasis", "szm_lzlge_3D"),
            f("LowGrayLevelZoneEmphasis", "szm_lgze_3D"), f("SizeZoneNonUniformity", "szm_zsnu_3D"),
            f("SizeZoneNonUniformityNormalized", "szm_zsnu_norm_3D"), f("SmallAreaEmphasis", "szm_sze_3D"),
            f("SmallAreaHighGrayLevelEmphasis", "szm_szhge_3D"), f("SmallAreaLowGrayLevelEmphasis", "szm_szlge_3D"),
            f("ZoneEntropy", "szm_zs_entr_3D"), f("ZonePercentage", "szm_z_perc_3D"), f("ZoneVariance", "szm_zs_var_3D"),
        ],
        .gldm: [
            f("DependenceEntropy", "ngl_dc_entr_3D"), f("DependenceNonUniformity", "ngl_dcnu_3D"),
            f("DependenceNonUniformityNormalized", "ngl_dcnu_norm_3D"), f("DependencePercentage", "ngl_dc_perc_3D", skipped: true),
            f("DependenceVariance", "ngl_dc_var_3D"), f("GrayLevelNonUniformity", "ngl_glnu_3D"),
            f("GrayLevelNonUniformityNormalized", "ngl_glnu_norm_3D", skipped: true), f("GrayLevelVariance", "ngl_gl_var_3D"),
            f("HighGrayLevelEmphasis", "ngl_hgce_3D"), f("LargeDependenceEmphasis", "ngl_hde_3D"),
            f("LargeDependenceHighGrayLevelEmphasis", "ngl_hdhge_3D"), f("LargeDependenceLowGrayLevelEmphasis", "ngl_hdlge_3D"),
            f("LowGrayLevelEmphasis", "ngl_lgce_3D"), f("SmallDependenceEmphasis", "ngl_lde_3D"),
            f("SmallDependenceHighGrayLevelEmphasis", "ngl_ldhge_3D"), f("SmallDependenceLowGrayLevelEmphasis", "ngl_ldlge_3D"),
        ],
        .ngtdm: [
            f("Busyness", "ngt_busyness_3D"), f("Coarseness", "ngt_coarseness_3D"), f("Complexity", "ngt_complexity_3D"), f("Contrast", "ngt_contrast_3D"),
            f("Strength", "ngt_strength_3D"),
        ],
    ]
}
