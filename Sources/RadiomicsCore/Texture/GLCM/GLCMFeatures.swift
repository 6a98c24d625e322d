import Foundation

/// GLCM features (PyRadiomics `glcm`, IBSI 1 §3.6): each computed per offset matrix and `nanmean`-ed over offsets
/// (IBSI "3D averaged"), or on the single merged matrix when `weightingNorm` is set.
enum GLCMFeatures {
    /// Computes the requested features. `levels` are the actual gray level values of the matrix rows; `ng` is
    /// PyRadiomics' `Ng` (largest level).
    static func compute(_ glcm: GLCMMatrices, levels: [Int], ng: Int, names: [String]) -> [(String, Double)] {
        let perAngle = glcm.matrices.map { AngleStatistics(p: $0, m: glcm.m, g: levels.map(Double.init), ng: ng) }
        func mean(_ value: (AngleStatistics) -> Double) -> Double { nanMean(perAngle.map(value)) }
        return names.compactMap { name -> (String, Double)? in
            let value: Double
            switch name {
            case "Autocorrelation": value = mean(\.autocorrelation)
            case "JointAverage": value = perAngle.isEmpty ? .nan : perAngle.map(\.ux).reduce(0, +) / Double(perAngle.count)
            case "ClusterProminence": value = mean(\.clusterProminence)
            case "ClusterShade": value = mean(\.clusterShade)
            case "ClusterTendency": value = mean(\.clusterTendency)
            case "Contrast": value = mean(\.contrast)
            case "Correlation": value = mean(\.correlation)
            case "DifferenceAverage": value = mean(\.differenceAverage)
            case "DifferenceEntropy": value = mean(\.differenceEntropy)
            case "DifferenceVariance": value = mean(\.differenceVariance)
            case "JointEnergy": value = mean(\.jointEnergy)
            case "JointEntropy": value = mean(\.jointEntropy)
            case "Imc1": value = mean(\.imc1)
            case "Imc2": value = mean(\.imc2)
            case "Idm": value = mean(\.idm)
            case "MCC": value = glcm.m < 2 ? 1 : mean(\.mcc)
            case "Idmn": value = mean(\.idmn)
            case "Id": value = mean(\.id)
            case "Idn": value = mean(\.idn)
            case "InverseVariance": value = mean(\.inverseVariance)
            case "MaximumProbability": value = mean(\.maximumProbability)
            case "SumAverage": value = mean(\.sumAverage)
            case "SumEntropy": value = mean(\.sumEntropy)
            case "SumSquares": value = mean(\.sumSquares)
            default: return nil  // deprecated features PyRadiomics skips
            }
            return (name, value)
        }
    }
}

/// The per-offset GLCM quantities (PyRadiomics `glcm._calculateCoefficients` and the feature getters).
struct AngleStatistics {
    var ux = 0.0, autocorrelation = 0.0, clusterProminence = 0.0, clusterShade = 0.0, clusterTendency = 0.0
    var contrast = 0.0, correlation = 0.0, differenceAverage = 0.0, differenceEntropy = 0.0
    var differenceVariance = 0.0, jointEnergy = 0.0, jointEntropy = 0.0, imc1 = 0.0, imc2 = 0.0, idm = 0.0
    var mcc = 0.0, idmn = 0.0, id = 0.0, idn = 0.0, inverseVariance = 0.0, maximumProbability = 0.0
    var sumAverage = 0.0, sumEntropy = 0.0, sumSquares = 0.0

    init(p: [Double], m: Int, g: [Double], ng: Int) {
        let eps = Double.ulpOfOne
        var px = [Double](repeating: 0, count: m), py = [Double](repeating: 0, count: m)
        var ux = 0.0, uy = 0.0
        for i in 0..<m { for j in 0..<m { let v = p[i * m + j]; px[i] += v; py[j] += v; ux += g[i] * v; uy += g[j] * v } }
        self.ux = ux
        var sumP = [Double](repeating: 0, count: 2 * ng - 1)  // k = 2…2Ng
        var diffP = [Double](repeating: 0, count: ng)  // k = 0…Ng−1
        var hxy = 0.0, hxy1 = 0.0, hxy2 = 0.0, sigx2 = 0.0, sigy2 = 0.0, corm = 0.0, maxP = 0.0
        for i in 0..<m {
            for j in 0..<m {
                let v = p[i * m + j]
                let pxy = px[i] * py[j]
                let logPxy = log2(pxy + eps)
                hxy2 -= pxy * logPxy
                // An empty cell adds exact zeros to every other sum (x − 0·finite = x): skipped.
                if v == 0 { continue }
                let s = g[i] + g[j], d = g[i] - g[j]
                sumP[Int(s) - 2] += v
                diffP[Int(abs(d))] += v
                hxy -= v * log2(v + eps)
                hxy1 -= v * logPxy
                autocorrelation += v * g[i] * g[j]
                let c = s - ux - uy
                clusterTendency += v * c * c
                clusterShade += v * c * c * c
                clusterProminence += v * c * c * c * c
                contrast += v * d * d
                sigx2 += v * (g[i] - ux) * (g[i] - ux)
                sigy2 += v * (g[j] - uy) * (g[j] - uy)
                corm += v * (g[i] - ux) * (g[j] - uy)
                jointEnergy += v * v
                maxP = max(maxP, v)
            }
        }
        maximumProbability = maxP
        jointEntropy = hxy
        sumSquares = sigx2
        let sig = sigx2.squareRoot() * sigy2.squareRoot()
        correlation = sig == 0 ? 1 : corm / (sig + eps)
        var hx = 0.0, hy = 0.0
        for i in 0..<m { hx -= px[i] * log2(px[i] + eps); hy -= py[i] * log2(py[i] + eps) }
        let div = max(hx, hy)
        imc1 = div != 0 ? (hxy - hxy1) / div : 0
        imc2 = hxy2 == hxy ? 0 : (1 - exp(-2 * (hxy2 - hxy))).squareRoot()
        let ngD = Double(ng)
        for k in 0..<ng {
            let v = diffP[k], kd = Double(k)
            differenceAverage += kd * v
            differenceEntropy -= v * log2(v + eps)
            idm += v / (1 + kd * kd)
            idmn += v / (1 + (kd * kd) / (ngD * ngD))
            id += v / (1 + kd)
            idn += v / (1 + kd / ngD)
            if k > 0 { inverseVariance += v / (kd * kd) }
        }
        for k in 0..<ng { let kd = Double(k) - differenceAverage; differenceVariance += diffP[k] * kd * kd }
        for (n, v) in sumP.enumerated() {
            sumAverage += Double(n + 2) * v
            sumEntropy -= v * log2(v + eps)
        }
        mcc = Self.maximalCorrelationCoefficient(p: p, m: m, px: px, py: py)
    }

    /// MCC = √(second largest eigenvalue of Q), Q(i, j) = Σₖ p(i,k)·p(j,k) / (pₓ(i)·p_y(k) + ε). Q is similar to
    /// the symmetric matrix S = D^{1/2} Q D^{−1/2} (D = diag(pₓ)) up to the ε regulariser, so the eigenvalues are
    /// taken from S with a symmetric eigensolver.
    static func maximalCorrelationCoefficient(p: [Double], m: Int, px: [Double], py: [Double]) -> Double {
        guard m >= 2 else { return 1 }
        let eps = Double.ulpOfOne
        var s = [Double](repeating: 0, count: m * m)
        p.withUnsafeBufferPointer { p in
            px.withUnsafeBufferPointer { px in
                py.withUnsafeBufferPointer { py in
                    s.withUnsafeMutableBufferPointer { s in
                        for i in 0..<m {
                            guard px[i] > 0 else { continue }
                            for j in i..<m where px[j] > 0 {
                                var q = 0.0
                                for k in 0..<m {
                                    let a = p[i &* m &+ k], b = p[j &* m &+ k]
                                    if a != 0 && b != 0 { q += a * b / (px[i] * py[k] + eps) }
                                }
                                // S(i, j) = √(pₓ(i)/pₓ(j)) · Q(i, j); symmetric because pₓ(i)·Q(i,j) = pₓ(j)·Q(j,i)
                                // (ε aside).
                                let value = q * (px[i] / px[j]).squareRoot()
                                s[i &* m &+ j] = value
                                s[j &* m &+ i] = value
                            }
                        }
                    }
                }
            }
        }
        let eigenvalues = SymmetricEigen.eigenvalues(s, n: m).sorted()
        let second = eigenvalues[m - 2]
        return second < 0 ? 0 : second.squareRoot()
    }
}
