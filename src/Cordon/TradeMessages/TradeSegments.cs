using Cordon.Declarations;
using Cordon.Edifact;

namespace Cordon.TradeMessages;

/// <summary>What CUSDEC and CUSCAR read alike: a NAD segment as a party, and an element's components as one text.</summary>
internal static class TradeSegments
{
    /// <summary>NAD: the party's id (C082), its name (C080, else the name and address lines of C058), its street (C059), city (3164), postcode (3251) and country (3207).</summary>
    public static PartyInput Party(EdifactSegment s)
    {
        var address = Join(", ", Joined(s, 5), s.Value(6)?.Trim(), s.Value(8)?.Trim());
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
        var count = s.ComponentCount(element);
        if (count == 1)
        {
            // The usual case, without a list.
            return s.Value(element)?.Trim() is { Length: > 0 } one ? one : null;
        }
        var parts = new List<string>(count);
        for (var c = 1; c <= count; c++)
        {
            if (s.Value(element, c)?.Trim() is { Length: > 0 } part)
            {
                parts.Add(part);
            }
        }
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    /// <summary>The non-empty ones of three texts, joined.</summary>
    private static string Join(string separator, string? a, string? b, string? c)
    {
        var (x, y, z) = (!string.IsNullOrEmpty(a), !string.IsNullOrEmpty(b), !string.IsNullOrEmpty(c));
        return (x, y, z) switch
        {
            (false, false, false) => "",
            (true, false, false) => a!,
            (false, true, false) => b!,
            (false, false, true) => c!,
            _ => string.Join(separator, new[] { a, b, c }.Where(v => !string.IsNullOrEmpty(v))),
        };
    }
}
