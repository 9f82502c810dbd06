using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Storage;

/// <summary>How values are kept so that both stores give them back the same: JSON columns and instants to the millisecond.</summary>
public static class StoredValues
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A list of small records kept as JSON text: portable across both stores, never queried inside.</summary>
    public static PropertyBuilder<List<T>> AsJson<T>(this PropertyBuilder<List<T>> property)
        => property.HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>(),
            new ValueComparer<List<T>>((x, y) => JsonSerializer.Serialize(x, Json) == JsonSerializer.Serialize(y, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Json), Json)!));

    /// <summary>
    /// Instants are kept to the millisecond: PostgreSQL keeps microseconds and SQLite ticks, so a value
    /// that is hashed must be the same after a round trip through either store.
    /// </summary>
    public static DateTimeOffset Ms(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    /// <summary>An instant as hashed and exported: UTC, to the millisecond.</summary>
    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
