using System.Text.Json;
using Cordon.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cordon.Storage;

/// <summary>
/// Refuses, before anything is written, a text longer than its column. SQLite stores any length and PostgreSQL refuses it
/// with a fault, so without this one value would be kept on one store and lost on the other; here every record, from any
/// caller, gets the same field error on both (the field by its API name, the record type and the limit).
/// </summary>
internal sealed class ColumnLimits : SaveChangesInterceptor
{
    public static readonly ColumnLimits Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? db)
    {
        if (db is null)
        {
            return;
        }
        var errors = new FieldErrors();
        // A record saved with the records derived from it (an alert quoting a seizure's office) would repeat the same
        // value's error: the first record named, the one the caller sent, speaks for the field.
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && property.Metadata.GetMaxLength() is { } max && text.Length > max
                    && (entry.State == EntityState.Added || property.IsModified)
                    && named.Add(JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name)))
                {
                    var field = JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name);
                    errors.Add(field, $"The {entry.Metadata.ClrType.Name} {field} has {text.Length} characters; at most {max} are kept.");
                }
            }
        }
        errors.ThrowIfAny();
    }
}
