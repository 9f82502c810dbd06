namespace Cordon.Sharing;

/// <summary>Traffic Light Protocol 2.0 markings, in increasing order of restriction.</summary>
public enum Tlp
{
    Clear = 0,
    Green = 1,
    Amber = 2,
    AmberStrict = 3,
    Red = 4,
}

public static class TlpText
{
    /// <summary>
    /// The one reader of markings people and files write: "TLP:AMBER+STRICT", "amber-strict", "AmberStrict",
    /// "white" (TLP 1.0's name for CLEAR), case-insensitive, with or without the "TLP:" prefix.
    /// </summary>
    public static bool TryParse(string? text, out Tlp marking)
    {
        var t = (text ?? "").Trim().ToUpperInvariant();
        t = (t.StartsWith("TLP:", StringComparison.Ordinal) ? t[4..] : t).Replace("+", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        (var ok, marking) = t switch
        {
            "CLEAR" or "WHITE" => (true, Tlp.Clear),
            "GREEN" => (true, Tlp.Green),
            "AMBER" => (true, Tlp.Amber),
            "AMBERSTRICT" => (true, Tlp.AmberStrict),
            "RED" => (true, Tlp.Red),
            _ => (false, Tlp.Clear),
        };
        return ok;
    }

    public static string Label(this Tlp tlp) => tlp switch
    {
        Tlp.Clear => "TLP:CLEAR",
        Tlp.Green => "TLP:GREEN",
        Tlp.Amber => "TLP:AMBER",
        Tlp.AmberStrict => "TLP:AMBER+STRICT",
        Tlp.Red => "TLP:RED",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp)),
    };
}

/// <summary>
/// Every record Cordon keeps has an owning agency and a marking. The access-policy filter tests the
/// marking by equality, so a table may store it as its ordinal or as its name.
/// </summary>
public interface IOwnedRecord
{
    Guid OwningAgencyId { get; }
    Tlp Marking { get; }
}

/// <summary>
/// A record that also carries handling caveats (stored as their flag bits): the access policy's
/// <see cref="AccessPolicy.Filter{T}"/> tests them in the query as <see cref="AccessPolicy.Decide"/> does per record.
/// </summary>
public interface ICaveatedRecord : IOwnedRecord
{
    Caveats Caveats { get; }
}
