using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cordon.Audit;

/// <summary>
/// The canonical bytes of an audit entry, which its leaf hash covers: the entry as one JSON object in the
/// JSON Canonicalization Scheme (RFC 8785): members sorted by name, no whitespace, minimal string escapes,
/// UTF-8. Every member is always present (null when empty), so the shape never varies:
/// <code>{"action":…,"actorAgency":…,"actorId":…,"actorKind":…,"actorName":…,"decision":…,"details":…,
/// "index":…,"purpose":…,"recordAgency":…,"recordId":…,"recordType":…,"time":…,"v":1}</code>
/// Identifiers are lower-case UUIDs, the time is "yyyy-MM-ddTHH:mm:ss.ffffffZ" (microseconds: what both
/// stores keep), decision is allow/redact/deny, details is the stored canonical JSON itself. Anyone can
/// rebuild these bytes from an exported row and check the leaf hash without Cordon's code.
/// </summary>
public static class AuditCanonical
{
    public const int Version = 1;

    public static readonly ValueConverter<AuditDecision?, string?> DecisionConverter = new(
        d => d == null ? null : DecisionName(d.Value),
        s => s == null ? null : ParseDecision(s));

    public static string DecisionName(AuditDecision decision) => decision switch
    {
        AuditDecision.Allow => "allow",
        AuditDecision.Redact => "redact",
        AuditDecision.Deny => "deny",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static AuditDecision ParseDecision(string text) => text switch
    {
        "allow" => AuditDecision.Allow,
        "redact" => AuditDecision.Redact,
        "deny" => AuditDecision.Deny,
        _ => throw new FormatException($"'{text}' is not an audit decision (allow, redact, deny)."),
    };

    /// <summary>Both stores keep microseconds; the canonical time must survive the round trip.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static byte[] Bytes(AuditEntry e)
    {
        var sb = new StringBuilder(256);
        sb.Append('{');
        Member(sb, "action", e.Action, first: true);
        Member(sb, "actorAgency", Id(e.ActorAgencyId));
        Member(sb, "actorId", Id(e.ActorUserId));
        Member(sb, "actorKind", e.ActorKind);
        Member(sb, "actorName", e.ActorName);
        Member(sb, "decision", e.Decision is { } d ? DecisionName(d) : null);
        sb.Append(",\"details\":").Append(e.Details ?? "null");
        sb.Append(",\"index\":").Append(e.LeafIndex.ToString(CultureInfo.InvariantCulture));
        Member(sb, "purpose", e.Purpose);
        Member(sb, "recordAgency", Id(e.RecordAgencyId));
        Member(sb, "recordId", e.RecordId);
        Member(sb, "recordType", e.RecordType);
        Member(sb, "time", FormatTime(e.Time));
        sb.Append(",\"v\":").Append(Version.ToString(CultureInfo.InvariantCulture));
        sb.Append('}');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] LeafHash(AuditEntry e) => Merkle.LeafHash(Bytes(e));

    private static string? Id(Guid? id) => id?.ToString("D");

    private static void Member(StringBuilder sb, string name, string? value, bool first = false)
    {
        if (!first)
        {
            sb.Append(',');
        }
        sb.Append('"').Append(name).Append("\":");
        if (value is null)
        {
            sb.Append("null");
        }
        else
        {
            String(sb, value);
        }
    }

    /// <summary>RFC 8785 §3.2.2.2: escape only '"', '\\' and control characters; \u00xx in lower-case hex.</summary>
    private static void String(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Canonical JSON (RFC 8785) of any value: what is stored as an entry's details.</summary>
    public static string? Json(object? value)
    {
        if (value is null)
        {
            return null;
        }
        var element = value as JsonElement? ?? JsonSerializer.SerializeToElement(value, value.GetType(), JsonOptions);
        var sb = new StringBuilder();
        Write(sb, element);
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static void Write(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                // RFC 8785 §3.2.3: members sorted by their names as UTF-16 code units.
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    String(sb, property.Name);
                    sb.Append(':');
                    Write(sb, property.Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (i++ > 0)
                    {
                        sb.Append(',');
                    }
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                String(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                sb.Append(Number(element.GetDouble()));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    /// <summary>RFC 8785 §3.2.2.3: numbers as ECMAScript's Number.prototype.toString prints the IEEE double.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no NaN or Infinity.");
        }
        if (value == 0)
        {
            return "0";
        }
        var negative = value < 0;
        // Shortest round-trip digits and decimal exponent, from .NET's "R" format.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent; // value = 0.digits × 10^exponent
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var power = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        exponent = intPart.Length - leadingZeros + power;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        var n = exponent;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }
            sb.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
