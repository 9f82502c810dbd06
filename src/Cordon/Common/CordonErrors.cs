namespace Cordon.Common;

/// <summary>
/// A refusal the caller can act on. The server maps each kind to a Problem Details response
/// (RFC 9457); the CLI prints the same message. Nothing was changed when one is thrown.
/// <see cref="Exception.Message"/> is the English; <see cref="Wording"/> keeps its template and
/// arguments so the pages can say it in the reader's language (Ui/OperationMessages.cs).
/// </summary>
public abstract class CordonException(Wording message) : Exception(message.ToString())
{
    public Wording Wording { get; } = message;

    public abstract int Status { get; }
    public abstract string Title { get; }
}

/// <summary>Invalid input, field by field (field path → messages).</summary>
public sealed class ValidationFailed(IReadOnlyDictionary<string, Wording[]> wordings)
    : CordonException(string.Join("; ", wordings.Select(e => $"{e.Key}: {string.Join(", ", e.Value.Select(w => w.ToString()))}")))
{
    /// <summary>Messages made elsewhere (a parser's, a format's), each its own template.</summary>
    public ValidationFailed(IReadOnlyDictionary<string, string[]> errors)
        : this(errors.ToDictionary(e => e.Key, e => e.Value.Select(m => (Wording)m).ToArray(), StringComparer.Ordinal))
    {
    }

    /// <summary>Each field's messages in English, as the API and the CLI give them.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = wordings.ToDictionary(e => e.Key, e => e.Value.Select(w => w.ToString()).ToArray(), StringComparer.Ordinal);

    /// <summary>Each field's messages as templates and arguments, for the pages to translate.</summary>
    public IReadOnlyDictionary<string, Wording[]> Wordings { get; } = wordings;

    public override int Status => 400;
    public override string Title => "The request has invalid fields.";

    public static ValidationFailed Field(string field, Wording message)
        => new(new Dictionary<string, Wording[]> { [field] = [message] });
}

public sealed class NotFound(Wording message) : CordonException(message)
{
    public override int Status => 404;
    public override string Title => "Not found.";
}

public sealed class Forbidden(Wording message) : CordonException(message)
{
    public override int Status => 403;
    public override string Title => "Not allowed.";
}

public sealed class Conflict(Wording message) : CordonException(message)
{
    public override int Status => 409;
    public override string Title => "Conflict with the current state.";
}

/// <summary>Collects field errors and throws them together, so a caller sees every problem at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<Wording>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, Wording message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>Each field's messages in English.</summary>
    public IReadOnlyDictionary<string, string[]> ToDictionary()
        => _errors.ToDictionary(e => e.Key, e => e.Value.Select(w => w.ToString()).ToArray(), StringComparer.Ordinal);

    /// <summary>Each field's messages as templates and arguments (for findings that warn rather than refuse).</summary>
    public IReadOnlyDictionary<string, Wording[]> Wordings => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailed(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}

/// <summary>A raw body sent with a content type the endpoint does not take (415).</summary>
public sealed class UnsupportedMediaType(Wording message) : CordonException(message)
{
    public override int Status => 415;
    public override string Title => "Unsupported content type.";
}
