namespace Cordon.Common;

/// <summary>
/// A refusal the caller can act on. The server maps each kind to a Problem Details response
/// (RFC 9457); the CLI prints the same message. Nothing was changed when one is thrown.
/// </summary>
public abstract class CordonException(string message) : Exception(message)
{
    public abstract int Status { get; }
    public abstract string Title { get; }
}

/// <summary>Invalid input, field by field (field path → messages).</summary>
public sealed class ValidationFailed(IReadOnlyDictionary<string, string[]> errors)
    : CordonException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
    public override int Status => 400;
    public override string Title => "The request has invalid fields.";

    public static ValidationFailed Field(string field, string message)
        => new(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed class NotFound(string message) : CordonException(message)
{
    public override int Status => 404;
    public override string Title => "Not found.";
}

public sealed class Forbidden(string message) : CordonException(message)
{
    public override int Status => 403;
    public override string Title => "Not allowed.";
}

public sealed class Conflict(string message) : CordonException(message)
{
    public override int Status => 409;
    public override string Title => "Conflict with the current state.";
}

/// <summary>Collects field errors and throws them together, so a caller sees every problem at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary()
        => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailed(ToDictionary());
        }
    }
}

/// <summary>A raw body sent with a content type the endpoint does not take (415).</summary>
public sealed class UnsupportedMediaType(string message) : CordonException(message)
{
    public override int Status => 415;
    public override string Title => "Unsupported content type.";
}
