using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Common;
using Cordon.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Cases;

/// <summary>Small helpers the case entities share: JSON columns, canonical instants and hashes, write permission.</summary>
public static class CaseStorage
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

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Records are changed only by their owning agency (the CLI's local operator has the store in hand).</summary>
    public static void EnsureOwner(Actor actor, Guid owningAgency, string what)
    {
        if (actor.Kind == ActorKind.LocalOperator)
        {
            return;
        }
        if (actor.AgencyId != owningAgency)
        {
            throw new Forbidden($"Only the owning agency may change {what}.");
        }
        if ((actor.Roles & (Roles.Officer | Roles.Supervisor)) == 0)
        {
            throw new Forbidden($"Changing {what} needs the officer or supervisor role.");
        }
    }

    public static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static List<string> Clean(IEnumerable<string?>? values)
        => (values ?? []).Select(Trim).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Saves a new numbered record. Two writers numbering at the same instant collide on the unique
    /// reference index: the loser gets a 409 to send again, never a 500.
    /// </summary>
    public static async Task SaveNumberedAsync(Storage.CordonDb db, string what, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            throw new Conflict($"Another {what} was numbered at the same moment: send the request again.");
        }
    }

    /// <summary>Next human reference of a kind for this year: PREFIX-YYYY-NNNN.</summary>
    public static async Task<string> NextReferenceAsync(IQueryable<string> existing, string prefix, DateTimeOffset now, CancellationToken ct)
    {
        var stem = $"{prefix}-{now.Year.ToString(CultureInfo.InvariantCulture)}-";
        var last = await existing.Where(r => r.StartsWith(stem)).OrderByDescending(r => r).FirstOrDefaultAsync(ct);
        var n = last is null ? 0 : int.Parse(last[stem.Length..], CultureInfo.InvariantCulture);
        return stem + (n + 1).ToString("D4", CultureInfo.InvariantCulture);
    }
}
