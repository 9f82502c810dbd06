using System.Globalization;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Resources;

/// <summary>One refused row of an inventory: its line, the field and what is wrong.</summary>
public sealed record AssetImportError(long Row, string Field, string Message);

public sealed record AssetImportResult(int Rows, int Added, int Changed, int Unchanged, List<AssetImportError> Errors);

/// <summary>
/// An existing asset inventory as CSV (a header row naming the columns: code, name, kind, serialNumber, registration,
/// callSign, sensorId, homeBase, latitude, longitude, maintenanceEveryDays, inServiceSince, status). Each row lands
/// on its own: a bad row is reported with its line and field and the good rows still land. A row is matched to the
/// register by serial number (else by code), so importing the same file again changes nothing.
/// </summary>
public static class AssetImport
{
    public static readonly string[] Columns =
        ["code", "name", "kind", "serialNumber", "registration", "callSign", "sensorId", "homeBase", "latitude", "longitude", "maintenanceEveryDays", "inServiceSince", "status"];

    public static async Task<AssetImportResult> ImportAsync(CordonDb db, Actor actor, Stream csv, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = AssetRegister.Member(actor);
        using var lines = new LineReader(csv);
        var header = lines.ReadLine(out _) ?? throw ValidationFailed.Field("file", "The inventory is empty: its first line names the columns.");
        var fields = new CsvFields();
        if (fields.Split(header.TrimStart('\uFEFF')) is { } bad)
        {
            throw ValidationFailed.Field("file", $"The header line is not CSV: {bad}");
        }
        var index = fields.ToArray().Select((name, i) => (name: name.Trim(), i)).ToDictionary(x => x.name, x => x.i, StringComparer.OrdinalIgnoreCase);
        foreach (var required in new[] { "code", "name", "kind" })
        {
            if (!index.ContainsKey(required))
            {
                throw ValidationFailed.Field("file", $"The header line has no column {required}.");
            }
        }
        var existing = await db.Assets.Where(a => a.OwningAgencyId == agency).ToListAsync(ct);
        var bySerial = existing.Where(a => a.SerialNumber is not null).ToDictionary(a => a.SerialNumber!, StringComparer.OrdinalIgnoreCase);
        var byCode = existing.ToDictionary(a => a.Code, StringComparer.Ordinal);
        var otherCodes = (await db.Assets.AsNoTracking().Where(a => a.OwningAgencyId != agency).Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var errors = new List<AssetImportError>();
        int rows = 0, added = 0, changed = 0, unchanged = 0;
        while (lines.ReadLine(out var tooLong) is { } line)
        {
            var row = lines.LineNumber;
            if (tooLong)
            {
                errors.Add(new(row, "line", "The line is too long."));
                continue;
            }
            if (line.Trim().Length == 0)
            {
                continue;
            }
            rows++;
            if (fields.Split(line) is { } broken)
            {
                errors.Add(new(row, "line", broken.ToString()));
                continue;
            }
            string? Get(string column) => index.TryGetValue(column, out var i) && i < fields.Count && fields[i].Trim() is { Length: > 0 } v ? v : null;
            var input = new AssetInput(Get("code"), Get("name"), Get("kind"), Get("serialNumber"), Get("registration"), Get("callSign"), Get("sensorId"), Get("homeBase"),
                Number(Get("latitude"), row, "latitude", errors), Number(Get("longitude"), row, "longitude", errors),
                (int?)Number(Get("maintenanceEveryDays"), row, "maintenanceEveryDays", errors), Day(Get("inServiceSince"), row, errors), Get("status"));
            if (errors.Count > 0 && errors[^1].Row == row)
            {
                continue;
            }
            var serial = input.SerialNumber;
            var code = input.Code?.Trim().ToUpperInvariant() ?? "";
            var asset = serial is not null && bySerial.TryGetValue(serial, out var s) ? s : byCode.GetValueOrDefault(code);
            var creating = asset is null;
            asset ??= new Asset { Code = "", Name = "", OwningAgencyId = agency, InServiceSince = input.InServiceSince ?? AssetRegister.Today(now), UpdatedAt = now };
            var before = creating ? null : AssetRegister.Fields(asset);
            var rowErrors = new FieldErrors();
            AssetRegister.Read(asset, input, rowErrors, creating: true);
            if (!creating && input.InServiceSince is { } since)
            {
                asset.InServiceSince = since;
            }
            if (otherCodes.Contains(asset.Code) || (byCode.TryGetValue(asset.Code, out var holder) && holder != asset))
            {
                rowErrors.Add("code", $"Asset code {asset.Code} is already registered.");
            }
            if (rowErrors.Any)
            {
                errors.AddRange(rowErrors.ToDictionary().SelectMany(e => e.Value.Select(m => new AssetImportError(row, e.Key, m))));
                if (!creating)
                {
                    await db.Entry(asset).ReloadAsync(ct); // undo what the bad row set on a registered asset
                }
                continue;
            }
            if (creating)
            {
                db.Assets.Add(asset);
                db.AssetChanges.Add(new AssetChange { AssetId = asset.Id, At = now, By = actor.Name, Field = "registered", To = $"imported, {asset.Status.Kebab()}" });
                added++;
            }
            else if (AssetRegister.Record(db, asset, before!, actor.Name, now) > 0)
            {
                changed++;
            }
            else
            {
                unchanged++;
            }
            byCode[asset.Code] = asset;
            if (asset.SerialNumber is not null)
            {
                bySerial[asset.SerialNumber] = asset;
            }
        }
        await db.SaveChangesAsync(ct);
        return new AssetImportResult(rows, added, changed, unchanged, errors);
    }

    private static double? Number(string? text, long row, string field, List<AssetImportError> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(new(row, field, $"'{text}' is not a number."));
        return null;
    }

    private static DateOnly? Day(string? text, long row, List<AssetImportError> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors.Add(new(row, "inServiceSince", $"'{text}' is not a date (yyyy-MM-dd)."));
        return null;
    }
}
