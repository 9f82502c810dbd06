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
        var fields = new CsvFields();
        var index = HeaderColumns(lines, fields);
        var existing = await db.Assets.Where(a => a.OwningAgencyId == agency).ToListAsync(ct);
        var register = new Register(existing,
            (await db.Assets.AsNoTracking().Where(a => a.OwningAgencyId != agency).Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal));
        var errors = new List<AssetImportError>();
        var rows = 0;
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
            await register.TakeAsync(db, actor, agency, input, row, now, errors, ct);
        }
        await db.SaveChangesAsync(ct);
        return new AssetImportResult(rows, register.Added, register.Changed, register.Unchanged, errors);
    }

    /// <summary>The header line's columns by name (any case); code, name and kind are required.</summary>
    private static Dictionary<string, int> HeaderColumns(LineReader lines, CsvFields fields)
    {
        var header = lines.ReadLine(out _) ?? throw ValidationFailed.Field("file", "The inventory is empty: its first line names the columns.");
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
        return index;
    }

    /// <summary>The agency's register as the import goes: a row finds its asset by serial number, else by code; codes are unique across agencies.</summary>
    private sealed class Register(List<Asset> existing, HashSet<string> otherCodes)
    {
        private readonly Dictionary<string, Asset> _bySerial = existing.Where(a => a.SerialNumber is not null).ToDictionary(a => a.SerialNumber!, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Asset> _byCode = existing.ToDictionary(a => a.Code, StringComparer.Ordinal);

        public int Added { get; private set; }
        public int Changed { get; private set; }
        public int Unchanged { get; private set; }

        /// <summary>Registers the row's asset or records its changes; a bad row adds its errors and leaves a registered asset as it was.</summary>
        public async Task TakeAsync(CordonDb db, Actor actor, Guid agency, AssetInput input, long row, DateTimeOffset now, List<AssetImportError> errors, CancellationToken ct)
        {
            var serial = input.SerialNumber;
            var code = input.Code?.Trim().ToUpperInvariant() ?? "";
            var asset = serial is not null && _bySerial.TryGetValue(serial, out var s) ? s : _byCode.GetValueOrDefault(code);
            var creating = asset is null;
            asset ??= new Asset { Code = "", Name = "", OwningAgencyId = agency, InServiceSince = input.InServiceSince ?? AssetRegister.Today(now), UpdatedAt = now };
            var before = creating ? null : AssetRegister.Fields(asset);
            var rowErrors = new FieldErrors();
            AssetRegister.Read(asset, input, rowErrors, creating: true);
            if (!creating && input.InServiceSince is { } since)
            {
                asset.InServiceSince = since;
            }
            if (otherCodes.Contains(asset.Code) || (_byCode.TryGetValue(asset.Code, out var holder) && holder != asset))
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
                return;
            }
            if (creating)
            {
                db.Assets.Add(asset);
                db.AssetChanges.Add(new AssetChange { AssetId = asset.Id, At = now, By = actor.Name, Field = "registered", To = $"imported, {asset.Status.Kebab()}" });
                Added++;
            }
            else if (AssetRegister.Record(db, asset, before!, actor.Name, now) > 0)
            {
                Changed++;
            }
            else
            {
                Unchanged++;
            }
            _byCode[asset.Code] = asset;
            if (asset.SerialNumber is not null)
            {
                _bySerial[asset.SerialNumber] = asset;
            }
        }
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
