/// Errors raised by the pipeline itself (the stages' own errors come from their modules). Messages
/// never hold patient data.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pipeline configuration is invalid.
    case configuration(String)
    /// The input holds nothing the pipeline can process.
    case noInput(String)
    /// An output could not be written or published.
    case output(String)
    /// Diffusion volumes cannot be combined into a derived map (too few b-values, grids differ).
    case diffusionMap(String)

    public var description: String {
        switch self {
        case .configuration(let s): return "invalid pipeline configuration: \(s)"
        case .noInput(let s): return "nothing to process: \(s)"
        case .output(let s): return "cannot write outputs: \(s)"
        case .diffusionMap(let s): return "cannot derive a diffusion map: \(s)"
        }
    }
}
