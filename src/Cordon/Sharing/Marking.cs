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
