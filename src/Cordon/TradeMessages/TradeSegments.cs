using Cordon.Declarations;
using Cordon.Edifact;

namespace Cordon.TradeMessages;

/// <summary>What CUSDEC and CUSCAR read alike: a NAD segment as a party, and an element's components as one text.</summary>
internal static class TradeSegments
{
    /// <summary>NAD: the party's id (C082), its name (C080, else the name and address lines of C058), its street (C059), city (3164), postcode (3251) and country (3207).</summary>
    public static PartyInput Party(EdifactSegment s)
    {
        var address = string.Join(", ", new[] { Joined(s, 5), s.Value(6)?.Trim(), s.Value(8)?.Trim() }.Where(v => !string.IsNullOrEmpty(v)));
        return new PartyInput
        {
            Id = s.Value(2, 1)?.Trim(),
            Name = Joined(s, 4) ?? Joined(s, 3),
            Address = address.Length == 0 ? null : address,
            Country = s.Value(9)?.Trim(),
        };
    }

    /// <summary>The components of an element joined by spaces (a name over several C080 lines); none when all are empty.</summary>
    public static string? Joined(EdifactSegment s, int element)
    {
        var parts = Enumerable.Range(1, s.ComponentCount(element)).Select(c => s.Value(element, c)?.Trim()).Where(v => !string.IsNullOrEmpty(v)).ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}
