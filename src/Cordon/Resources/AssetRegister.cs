using System.Globalization;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Resources;

/// <summary>An asset to register or change; null leaves a field as it is on a change.</summary>
public sealed record AssetInput(
    string? Code, string? Name, string? Kind, string? SerialNumber = null, string? Registration = null, string? CallSign = null, string? SensorId = null,
    string? HomeBase = null, double? HomeLatitude = null, double? HomeLongitude = null, int? MaintenanceEveryDays = null, DateOnly? InServiceSince = null,
    string? Status = null, string? Marking = null, string[]? Caveats = null);

public sealed record AssetChangeView(DateTimeOffset At, string? By, string Field, string? From, string? To);

public sealed record WorkOrderView(Guid Id, DateOnly StartedOn, DateOnly? CompletedOn, string Work, string? PerformedBy, bool OutOfService);

/// <summary>
/// The shared view of an asset (record type <c>asset</c>): what leaves the owner, redacted by the policy by field path.
/// Insurance and claims are the owner's business and not part of it.
/// </summary>
public sealed record AssetView(
    Guid Id, string Code, string Name, string Kind, string Status, string? SerialNumber, string? Registration, string? CallSign, string? SensorId,
    string? HomeBase, double? HomeLatitude, double? HomeLongitude, int? MaintenanceEveryDays, DateOnly? LastServicedOn, DateOnly? MaintenanceDueOn,
    string Owner, string Marking)
{
    public List<AssetChangeView>? History { get; set; }
    public List<WorkOrderView>? WorkOrders { get; set; }
}

/// <summary>The register's filters: kind, status, text in the identifiers, only those due for maintenance soon.</summary>
public sealed record AssetFilter(string? Kind = null, string? Status = null, string? Text = null, bool DueOnly = false);

/// <summary>
/// The equipment and infrastructure register: registering and changing assets (every change lands in the asset's
/// history with who, when, from and to), and reading them through the one access policy under the <c>asset</c>
/// record type, so a partner abroad sees only the assets an agreement covers, redacted as it says.
/// </summary>
public static class AssetRegister
{
    public static readonly Roles MayChange = Roles.Officer | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator;

    public static RecordRef Ref(Asset a) => new(RecordTypes.Asset, a.OwningAgencyId, a.Marking, a.Caveats, a.Id.ToString());

    public static async Task<AssetView> RegisterAsync(CordonDb db, Actor actor, AssetInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = Member(actor);
        var asset = new Asset { Code = "", Name = "", OwningAgencyId = agency, InServiceSince = input.InServiceSince ?? Today(now), UpdatedAt = now };
        var errors = new FieldErrors();
        Read(asset, input, errors, creating: true);
        errors.ThrowIfAny();
        if (await db.Assets.AnyAsync(a => a.Code == asset.Code, ct))
        {
            throw ValidationFailed.Field("code", $"Asset code {asset.Code} is already registered.");
        }
        db.Assets.Add(asset);
        db.AssetChanges.Add(new AssetChange { AssetId = asset.Id, At = now, By = actor.Name, Field = "registered", To = asset.Status.Kebab() });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, asset, ct);
    }

    /// <summary>Changes the fields the input gives; each changed field is one history entry.</summary>
    public static async Task<AssetView> ChangeAsync(CordonDb db, Actor actor, Guid id, AssetInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var asset = await OwnAsync(db, actor, id, ct);
        var before = Fields(asset);
        var errors = new FieldErrors();
        Read(asset, input, errors, creating: false);
        errors.ThrowIfAny();
        if (input.Code is not null && asset.Code != before["code"] && await db.Assets.AnyAsync(a => a.Code == asset.Code && a.Id != asset.Id, ct))
        {
            throw ValidationFailed.Field("code", $"Asset code {asset.Code} is already registered.");
        }
        Record(db, asset, before, actor.Name, now);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, asset, ct);
    }

    public static Task<AssetView> SetStatusAsync(CordonDb db, Actor actor, Guid id, string? status, DateTimeOffset now, CancellationToken ct = default)
        => ChangeAsync(db, actor, id, new AssetInput(null, null, null, Status: status ?? ""), now, ct);

    /// <summary>Finds an own asset by id, or by code when <paramref name="codeOrId"/> is not a GUID (the CLI's and import's way).</summary>
    public static async Task<Asset> FindOwnAsync(CordonDb db, Actor actor, string codeOrId, CancellationToken ct)
    {
        if (Guid.TryParse(codeOrId, out var id))
        {
            return await OwnAsync(db, actor, id, ct);
        }
        var code = codeOrId.Trim().ToUpperInvariant();
        var agency = Member(actor);
        return await db.Assets.SingleOrDefaultAsync(a => a.Code == code && a.OwningAgencyId == agency, ct)
               ?? throw new NotFound($"Your agency has no asset {code}.");
    }

    internal static async Task<Asset> OwnAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct)
    {
        var agency = Member(actor);
        var asset = await db.Assets.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null || (asset.OwningAgencyId != agency && actor.Kind != ActorKind.LocalOperator))
        {
            throw new NotFound($"Your agency has no asset {id}.");
        }
        return asset;
    }

    internal static Guid Member(Actor actor)
    {
        if ((actor.Roles & MayChange) == 0)
        {
            throw new Forbidden("Keeping the asset register needs the officer, supervisor or agency-admin role.");
        }
        return actor.AgencyId ?? throw new Forbidden("Only a member of an agency keeps an asset register.");
    }

    /// <summary>The register as the reader may see it: own assets and those agreements share, each through the shared view.</summary>
    public static async Task<List<AssetView>> ListAsync(CordonDb db, AccessPolicy policy, AssetFilter filter, DateTimeOffset now, CancellationToken ct = default)
    {
        var q = policy.Filter(db.Assets.AsNoTracking(), RecordTypes.Asset);
        var errors = new FieldErrors();
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            if (EnumText.TryParse<AssetKind>(filter.Kind, out var kind))
            {
                q = q.Where(a => a.Kind == kind);
            }
            else
            {
                errors.Add("kind", $"'{filter.Kind}' is not an asset kind: {EnumText.Choices<AssetKind>()}.");
            }
        }
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            if (EnumText.TryParse<AssetStatus>(filter.Status, out var status))
            {
                q = q.Where(a => a.Status == status);
            }
            else
            {
                errors.Add("status", $"'{filter.Status}' is not an asset status: {EnumText.Choices<AssetStatus>()}.");
            }
        }
        errors.ThrowIfAny();
        var rows = await q.OrderBy(a => a.Code).Take(2000).ToListAsync(ct);
        var today = Today(now);
        if (filter.DueOnly)
        {
            rows = rows.Where(a => a.MaintenanceDueOn is { } due && due <= today.AddDays(DueSoonDays)).ToList();
        }
        var views = await SharedReads.ViewsAsync(db, policy, RecordTypes.Asset, rows, a => a.Id, a => Row(a, policy.Code(a.OwningAgencyId)), "list", ct);
        if (filter.Text?.Trim() is { Length: > 0 } text)
        {
            // Searched on what the reader sees of each row (withheld fields are null in the view).
            views = views.Where(v => new[] { v.Code, v.Name, v.SerialNumber, v.Registration, v.CallSign, v.SensorId, v.HomeBase }
                .Any(f => f?.Contains(text, StringComparison.OrdinalIgnoreCase) == true)).ToList();
        }
        return views;
    }

    /// <summary>How far ahead maintenance counts as "due soon" on the register's filter.</summary>
    public const int DueSoonDays = 14;

    /// <summary>One asset through the policy: a denied read throws naming the missing agreement; history and work orders included.</summary>
    public static async Task<AssetView> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, CancellationToken ct = default, string? breakGlass = null)
    {
        var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFound($"No asset {id} that you may read.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(asset), breakGlass, ct);
        return Redaction.Clear(await ViewAsync(db, asset, ct, policy.Code(asset.OwningAgencyId)), decision.RedactedFields);
    }

    /// <summary>The unredacted shared view (callers redact it by the reader's decision).</summary>
    public static async Task<AssetView> ViewAsync(CordonDb db, Asset asset, CancellationToken ct, string? owner = null)
    {
        owner ??= await db.Agencies.Where(a => a.Id == asset.OwningAgencyId).Select(a => a.Code).SingleAsync(ct);
        var view = Row(asset, owner);
        view.History = (await db.AssetChanges.AsNoTracking().Where(c => c.AssetId == asset.Id).ToListAsync(ct))
            .OrderByDescending(c => c.At).Select(c => new AssetChangeView(c.At, c.By, c.Field, c.From, c.To)).ToList();
        view.WorkOrders = (await db.WorkOrders.AsNoTracking().Where(w => w.AssetId == asset.Id).ToListAsync(ct))
            .OrderByDescending(w => w.StartedOn).Select(w => new WorkOrderView(w.Id, w.StartedOn, w.CompletedOn, w.Work, w.PerformedBy, w.OutOfService)).ToList();
        return view;
    }

    private static AssetView Row(Asset a, string owner) => new(a.Id, a.Code, a.Name, a.Kind.Kebab(), a.Status.Kebab(), a.SerialNumber, a.Registration, a.CallSign, a.SensorId,
        a.HomeBase, a.HomeLatitude, a.HomeLongitude, a.MaintenanceEveryDays, a.LastServicedOn, a.MaintenanceDueOn, owner, a.Marking.Label());

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>Reads the input's fields into the asset; on a change, a null field stays as it is.</summary>
    internal static void Read(Asset asset, AssetInput input, FieldErrors errors, bool creating)
    {
        if (creating || input.Code is not null)
        {
            var code = input.Code?.Trim().ToUpperInvariant() ?? "";
            if (code.Length is 0 or > 40)
            {
                errors.Add("code", "An asset needs a code of 1 to 40 characters.");
            }
            asset.Code = code;
        }
        if (creating || input.Name is not null)
        {
            var name = input.Name?.Trim() ?? "";
            if (name.Length is 0 or > 200)
            {
                errors.Add("name", "An asset needs a name of 1 to 200 characters.");
            }
            asset.Name = name;
        }
        if (creating || input.Kind is not null)
        {
            if (EnumText.TryParse<AssetKind>(input.Kind, out var kind))
            {
                asset.Kind = kind;
            }
            else
            {
                errors.Add("kind", $"'{input.Kind}' is not an asset kind: {EnumText.Choices<AssetKind>()}.");
            }
        }
        if (input.Status is not null)
        {
            if (EnumText.TryParse<AssetStatus>(input.Status, out var status))
            {
                asset.Status = status;
            }
            else
            {
                errors.Add("status", $"'{input.Status}' is not an asset status: {EnumText.Choices<AssetStatus>()}.");
            }
        }
        asset.SerialNumber = Text(input.SerialNumber, asset.SerialNumber, 80, "serialNumber", errors);
        asset.Registration = Text(input.Registration, asset.Registration, 40, "registration", errors);
        asset.CallSign = Text(input.CallSign, asset.CallSign, 40, "callSign", errors);
        asset.SensorId = Text(input.SensorId, asset.SensorId, 80, "sensorId", errors);
        asset.HomeBase = Text(input.HomeBase, asset.HomeBase, 200, "homeBase", errors);
        if (input.HomeLatitude is not null || input.HomeLongitude is not null)
        {
            if (input.HomeLatitude is not (>= -90 and <= 90) || input.HomeLongitude is not (>= -180 and <= 180))
            {
                errors.Add("homeLatitude", "A home base needs both a latitude (-90 to 90) and a longitude (-180 to 180).");
            }
            else
            {
                (asset.HomeLatitude, asset.HomeLongitude) = (input.HomeLatitude, input.HomeLongitude);
            }
        }
        if (input.MaintenanceEveryDays is { } days)
        {
            if (days is < 0 or > 3650)
            {
                errors.Add("maintenanceEveryDays", "Maintenance is every 1 to 3,650 days (0 removes the schedule).");
            }
            asset.MaintenanceEveryDays = days == 0 ? null : days;
        }
        if (input.InServiceSince is { } since && !creating)
        {
            asset.InServiceSince = since;
        }
        if (input.Marking is not null)
        {
            asset.Marking = Markings.Parse(input.Marking);
        }
        if (input.Caveats is not null)
        {
            asset.Caveats = Markings.ParseCaveats(input.Caveats);
        }
    }

    private static string? Text(string? given, string? current, int max, string field, FieldErrors errors)
    {
        if (given is null)
        {
            return current;
        }
        var t = given.Trim();
        if (t.Length > max)
        {
            errors.Add(field, $"is longer than {max} characters.");
        }
        return t.Length == 0 ? null : t;
    }

    internal static Dictionary<string, string?> Fields(Asset a) => new(StringComparer.Ordinal)
    {
        ["code"] = a.Code,
        ["name"] = a.Name,
        ["kind"] = a.Kind.Kebab(),
        ["status"] = a.Status.Kebab(),
        ["serialNumber"] = a.SerialNumber,
        ["registration"] = a.Registration,
        ["callSign"] = a.CallSign,
        ["sensorId"] = a.SensorId,
        ["homeBase"] = a.HomeBase,
        ["homePosition"] = a.HomeLatitude is { } lat && a.HomeLongitude is { } lon ? string.Create(CultureInfo.InvariantCulture, $"{lat:0.#####},{lon:0.#####}") : null,
        ["maintenanceEveryDays"] = a.MaintenanceEveryDays?.ToString(CultureInfo.InvariantCulture),
        ["inServiceSince"] = a.InServiceSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["lastServicedOn"] = a.LastServicedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["marking"] = a.Marking.Label(),
        ["caveats"] = a.Caveats.Label(),
    };

    /// <summary>Adds one history entry per field that differs from <paramref name="before"/>.</summary>
    internal static int Record(CordonDb db, Asset asset, Dictionary<string, string?> before, string by, DateTimeOffset now)
    {
        var changed = 0;
        foreach (var (field, value) in Fields(asset))
        {
            if (before[field] != value)
            {
                db.AssetChanges.Add(new AssetChange { AssetId = asset.Id, At = now, By = by, Field = field, From = before[field], To = value });
                changed++;
            }
        }
        if (changed > 0)
        {
            asset.UpdatedAt = now;
        }
        return changed;
    }
}
