using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Resources;

/// <summary>Work done on an asset: what, by whom (a technician or a contractor), from when to when.</summary>
public sealed class WorkOrder
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AssetId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public required string Work { get; set; }
    public string? PerformedBy { get; set; }
    public DateOnly StartedOn { get; set; }
    /// <summary>Null while the work is open; a completed order restarts the maintenance interval.</summary>
    public DateOnly? CompletedOn { get; set; }
    /// <summary>The asset was out of service for the work (its status is under maintenance until completed).</summary>
    public bool OutOfService { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class WorkOrderConfiguration : IEntityTypeConfiguration<WorkOrder>
{
    public void Configure(EntityTypeBuilder<WorkOrder> b)
    {
        b.ToTable("work_orders");
        b.Property(w => w.Work).HasMaxLength(1000);
        b.Property(w => w.PerformedBy).HasMaxLength(200);
        b.Property(w => w.RecordedBy).HasMaxLength(200);
        b.HasIndex(w => w.AssetId);
    }
}

public sealed record WorkOrderInput(string? Work, string? PerformedBy, DateOnly? StartedOn, DateOnly? CompletedOn, bool OutOfService = false);

/// <summary>An asset whose maintenance is due: the day it fell (or falls) due and how many days late it is.</summary>
public sealed record MaintenanceDue(Guid AssetId, string Code, string Name, string Kind, DateOnly DueOn, int DaysOverdue);

/// <summary>
/// Maintenance of the register's assets: a schedule of every N days per asset, work orders that record the work
/// done and restart the interval, and what is due or overdue on a given day (from the caller's clock).
/// </summary>
public static class Maintenance
{
    public static async Task<WorkOrderView> RecordWorkAsync(CordonDb db, Actor actor, Guid assetId, WorkOrderInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var asset = await AssetRegister.OwnAsync(db, actor, assetId, ct);
        var errors = new FieldErrors();
        var work = input.Work?.Trim() ?? "";
        if (work.Length is 0 or > 1000)
        {
            errors.Add("work", "A work order says what was done, in 1 to 1,000 characters.");
        }
        var today = AssetRegister.Today(now);
        var started = input.StartedOn ?? input.CompletedOn ?? today;
        if (input.CompletedOn is { } done && done < started)
        {
            errors.Add("completedOn", $"The work cannot be completed ({done:yyyy-MM-dd}) before it started ({started:yyyy-MM-dd}).");
        }
        if ((input.CompletedOn ?? started) > today)
        {
            errors.Add("startedOn", "A work order records work done: its dates cannot be in the future.");
        }
        if ((input.PerformedBy?.Trim().Length ?? 0) > 200)
        {
            errors.Add("performedBy", "is longer than 200 characters.");
        }
        errors.ThrowIfAny();
        var order = new WorkOrder
        {
            AssetId = asset.Id, OwningAgencyId = asset.OwningAgencyId, Work = work, PerformedBy = string.IsNullOrWhiteSpace(input.PerformedBy) ? null : input.PerformedBy.Trim(),
            StartedOn = started, CompletedOn = input.CompletedOn, OutOfService = input.OutOfService, RecordedBy = actor.Name, RecordedAt = now,
        };
        db.WorkOrders.Add(order);
        var before = AssetRegister.Fields(asset);
        if (order.CompletedOn is { } completed)
        {
            if (asset.LastServicedOn is null || completed > asset.LastServicedOn)
            {
                asset.LastServicedOn = completed;
            }
            if (asset.Status == AssetStatus.UnderMaintenance)
            {
                asset.Status = AssetStatus.Available;
            }
        }
        else if (order.OutOfService)
        {
            asset.Status = AssetStatus.UnderMaintenance;
        }
        AssetRegister.Record(db, asset, before, actor.Name, now);
        await db.SaveChangesAsync(ct);
        return new WorkOrderView(order.Id, order.StartedOn, order.CompletedOn, order.Work, order.PerformedBy, order.OutOfService);
    }

    /// <summary>Closes an open work order: the interval restarts and an asset taken out for it is available again.</summary>
    public static async Task<WorkOrderView> CompleteAsync(CordonDb db, Actor actor, Guid workOrderId, DateOnly? completedOn, DateTimeOffset now, CancellationToken ct = default)
    {
        var order = await db.WorkOrders.SingleOrDefaultAsync(w => w.Id == workOrderId, ct) ?? throw new NotFound($"No work order {workOrderId}.");
        var asset = await AssetRegister.OwnAsync(db, actor, order.AssetId, ct);
        if (order.CompletedOn is not null)
        {
            throw new Conflict($"Work order {workOrderId} was completed on {order.CompletedOn:yyyy-MM-dd}.");
        }
        var done = completedOn ?? AssetRegister.Today(now);
        if (done < order.StartedOn || done > AssetRegister.Today(now))
        {
            throw ValidationFailed.Field("completedOn", $"The work is completed between its start ({order.StartedOn:yyyy-MM-dd}) and today.");
        }
        var before = AssetRegister.Fields(asset);
        order.CompletedOn = done;
        if (asset.LastServicedOn is null || done > asset.LastServicedOn)
        {
            asset.LastServicedOn = done;
        }
        if (asset.Status == AssetStatus.UnderMaintenance)
        {
            asset.Status = AssetStatus.Available;
        }
        AssetRegister.Record(db, asset, before, actor.Name, now);
        await db.SaveChangesAsync(ct);
        return new WorkOrderView(order.Id, order.StartedOn, order.CompletedOn, order.Work, order.PerformedBy, order.OutOfService);
    }

    /// <summary>
    /// Assets with a schedule whose maintenance falls due by <paramref name="until"/> (lost ones excepted),
    /// earliest first; <paramref name="agency"/> null for every agency (the alert sweep).
    /// </summary>
    public static async Task<List<MaintenanceDue>> DueAsync(CordonDb db, Guid? agency, DateOnly today, DateOnly until, CancellationToken ct = default)
    {
        var q = db.Assets.AsNoTracking().Where(a => a.MaintenanceEveryDays != null && a.Status != AssetStatus.Lost);
        if (agency is { } own)
        {
            q = q.Where(a => a.OwningAgencyId == own);
        }
        // The due day is computed in memory: adding a column's days to a date differs between the two stores.
        return (await q.ToListAsync(ct))
            .Where(a => a.MaintenanceDueOn <= until)
            .Select(a => new MaintenanceDue(a.Id, a.Code, a.Name, Common.EnumText.Kebab(a.Kind), a.MaintenanceDueOn!.Value, Math.Max(0, today.DayNumber - a.MaintenanceDueOn!.Value.DayNumber)))
            .OrderBy(d => d.DueOn).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
    }
}
