import ArgumentParser

/// An option whose value is one of `Value`'s names.
///
/// `--help` lists the names (`Value.allValueStrings`). A name the type does not know is kept,
/// so that `validate()` can refuse it with a one-line message of the product's own; the
/// parser's refusal would be a block of usage text.
struct Choice<Value: ExpressibleByArgument>: ExpressibleByArgument {
    /// What the user typed.
    let text: String
    /// The value it names, nil if it names none.
    let value: Value?

    init(argument: String) {
        text = argument
        value = Value(argument: argument)
    }

    /// A default value.
    init(_ value: Value, text: String) {
        self.text = text
        self.value = value
    }

    static var allValueStrings: [String] { Value.allValueStrings }

    var defaultValueDescription: String { text }

    /// The value, or the error `unknown(text)` when the name is not one of `Value`'s.
    func get(_ unknown: (String) -> Error) throws -> Value {
        guard let value else { throw unknown(text) }
        return value
    }
}
