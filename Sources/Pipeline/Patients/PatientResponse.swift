import Foundation

/// `<out>/<patientKey>/response.json`: the treatment response of one patient's target lesion across the
/// course — the baseline tumour, and for each follow-up the registration used, the target lesion carried onto
/// the follow-up, Lipiodol in and outside it, viable tumour and the necrosis rate. Pseudonymous keys, day
/// differences and measurements only: no name, ID, date or UID.
///
/// Every key is always written; a measurement that could not be made is `null` (the reason is in
/// `course.json`'s warnings). Volumes in mL, lengths in mm.
public struct PatientResponse: Sendable, Codable, Equatable {
    /// The baseline study's tumour.
    public struct Baseline: Sendable, Codable, Equatable {
        /// Study key (`st-…`).
        public var study: String
        /// Tumour (target lesion) volume on the baseline, mL.
        public var tumourML: Double
        /// D1: the baseline tumour's longest axial diameter, mm (``MaskMorphology/AxialDiameter``).
        public var bigD1MM: Double?
        /// d1: the baseline viable tumour's longest axial diameter, mm (needs non-contrast and arterial phases).
        public var d1MM: Double?

        enum CodingKeys: String, CodingKey { case study, tumourML, bigD1MM = "D1MM", d1MM }

        /// Creates a baseline record.
        public init(study: String, tumourML: Double, bigD1MM: Double?, d1MM: Double?) {
            (self.study, self.tumourML, self.bigD1MM, self.d1MM) = (study, tumourML, bigD1MM, d1MM)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(study, forKey: .study)
            try c.encode(tumourML, forKey: .tumourML)
            try c.encode(bigD1MM, forKey: .bigD1MM)
            try c.encode(d1MM, forKey: .d1MM)
        }
    }

    /// How the follow-up was put into the baseline's space.
    public struct Registration: Sendable, Codable, Equatable {
        /// ``Registration/RegistrationResult/method``.
        public var method: String
        /// Final metric of the last elastix stage (negative Mattes mutual information; `null` for patient
        /// coordinates).
        public var metric: Double?
        /// `true` when baseline and follow-up share a FrameOfReferenceUID and patient coordinates were used.
        public var sameFrameOfReference: Bool

        /// Creates a registration record.
        public init(method: String, metric: Double?, sameFrameOfReference: Bool) {
            (self.method, self.metric, self.sameFrameOfReference) = (method, metric, sameFrameOfReference)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(method, forKey: .method)
            try c.encode(metric, forKey: .metric)
            try c.encode(sameFrameOfReference, forKey: .sameFrameOfReference)
        }
    }

    /// Lipiodol on the follow-up's unenhanced CT (post-treatment studies only).
    public struct Lipiodol: Sendable, Codable, Equatable {
        /// `lipiodol_threshold_hu`.
        public var thresholdHU: Double
        /// Lipiodol inside the target lesion (carried, grown by `lipiodol_margin_mm`), mL.
        public var inTargetML: Double
        /// `inTargetML` / the target region's volume (0…1).
        public var coverage: Double
        /// Lipiodol in the carried liver outside the target region, mL; never part of the coverage.
        /// `null` without a baseline liver mask.
        public var offTargetML: Double?

        /// Creates a Lipiodol record.
        public init(thresholdHU: Double, inTargetML: Double, coverage: Double, offTargetML: Double?) {
            (self.thresholdHU, self.inTargetML, self.coverage, self.offTargetML) = (thresholdHU, inTargetML, coverage, offTargetML)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(thresholdHU, forKey: .thresholdHU)
            try c.encode(inTargetML, forKey: .inTargetML)
            try c.encode(coverage, forKey: .coverage)
            try c.encode(offTargetML, forKey: .offTargetML)
        }
    }

    /// Viable (arterially enhancing) tumour on the follow-up.
    public struct Viable: Sendable, Codable, Equatable {
        /// Volume, mL.
        public var ml: Double
        /// Longest axial diameter, mm (0 when nothing is viable).
        public var longestAxialDiameterMM: Double

        enum CodingKeys: String, CodingKey { case ml = "ML", longestAxialDiameterMM }

        /// Creates a viable-tumour record.
        public init(ml: Double, longestAxialDiameterMM: Double) {
            (self.ml, self.longestAxialDiameterMM) = (ml, longestAxialDiameterMM)
        }
    }

    /// Necrosis rate (d1 − d2) / D1 and the response flag (rate ≥ 0.30, ``MaskMorphology/NecrosisRate``).
    public struct Necrosis: Sendable, Codable, Equatable {
        /// d1: the baseline viable tumour's longest axial diameter, mm.
        public var d1MM: Double
        /// d2: the follow-up viable tumour's longest axial diameter, mm.
        public var d2MM: Double
        /// D1: the baseline tumour's longest axial diameter, mm.
        public var bigD1MM: Double
        /// (d1 − d2) / D1.
        public var rate: Double
        /// `rate` ≥ 0.30 (``MaskMorphology/NecrosisRate/responseThreshold``).
        public var response: Bool

        /// Creates a necrosis record.
        public init(d1MM: Double, d2MM: Double, bigD1MM: Double, rate: Double, response: Bool) {
            (self.d1MM, self.d2MM, self.bigD1MM, self.rate, self.response) = (d1MM, d2MM, bigD1MM, rate, response)
        }
    }

    /// One follow-up study.
    public struct FollowUp: Sendable, Codable, Equatable {
        /// Study key (`st-…`).
        public var study: String
        /// Days from the baseline's StudyDate to this study's (`null` when either is undated).
        public var daysSinceBaseline: Int?
        /// How the follow-up was put into the baseline's space.
        public var registration: Registration
        /// The baseline tumour carried onto the follow-up grid, mL.
        public var targetLesionML: Double
        /// Lipiodol in and outside the target lesion; `nil` unless post-treatment with an unenhanced CT.
        public var lipiodol: Lipiodol?
        /// Viable tumour; `nil` without unenhanced and arterial CT in one frame.
        public var viable: Viable?
        /// Necrosis rate; `nil` without viable tumour at both timepoints.
        public var necrosisRate: Necrosis?

        /// Creates a follow-up record.
        public init(study: String, daysSinceBaseline: Int?, registration: Registration, targetLesionML: Double,
                    lipiodol: Lipiodol?, viable: Viable?, necrosisRate: Necrosis?) {
            (self.study, self.daysSinceBaseline, self.registration, self.targetLesionML) = (study, daysSinceBaseline, registration, targetLesionML)
            (self.lipiodol, self.viable, self.necrosisRate) = (lipiodol, viable, necrosisRate)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(study, forKey: .study)
            try c.encode(daysSinceBaseline, forKey: .daysSinceBaseline)
            try c.encode(registration, forKey: .registration)
            try c.encode(targetLesionML, forKey: .targetLesionML)
            try c.encode(lipiodol, forKey: .lipiodol)
            try c.encode(viable, forKey: .viable)
            try c.encode(necrosisRate, forKey: .necrosisRate)
        }
    }

    /// Patient key (`pt-…`).
    public var patient: String
    /// The baseline study's tumour.
    public var baseline: Baseline
    /// Follow-ups in date order.
    public var followUps: [FollowUp]

    /// Creates a response.
    public init(patient: String, baseline: Baseline, followUps: [FollowUp]) {
        (self.patient, self.baseline, self.followUps) = (patient, baseline, followUps)
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
