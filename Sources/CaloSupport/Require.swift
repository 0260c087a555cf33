/// A programmer-error check that keeps its message in every build mode.
///
/// `precondition` stops a release (-O) build without its message ("precondition failure"), and
/// under -Ounchecked it is an optimiser assumption: a violated condition is undefined behaviour.
/// calosim's libraries check their callers' promises with `require` instead, which stops with the
/// message, e.g.
/// `matmul: [128, 64] x [32, 10]`, in debug, release and unchecked builds alike. The failing
/// path is out of line: the caller pays one comparison.
///
/// - Parameters:
///   - condition: what the caller promised, e.g. an energy inside the tabulated range.
///   - message: names both sides, as a `precondition` message would.
@inlinable @inline(__always)
public func require(_ condition: Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition { requirementFailed(message(), file: file, line: line) }
}

/// Stops the program with `message`: the failing path of `require`, and the counterpart of
/// `preconditionFailure` that keeps its message in release builds.
@inline(never)
public func requirementFailed(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}
