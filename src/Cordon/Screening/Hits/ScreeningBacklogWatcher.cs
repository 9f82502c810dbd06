using Cordon.Jobs;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cordon.Screening.Hits;

/// <summary>
/// Turns the intake backlog into jobs: every <c>Cordon:Screening:PollMilliseconds</c> (default 2000) it
/// looks for agencies with records waiting and queues one <see cref="IntakeScreeningJob"/> for each that
/// has none queued or running, so screening shows its progress on the jobs page and never holds up
/// intake. Any node may run the job; the backlog rows and hits commit together, so two nodes racing
/// on the same batch cannot duplicate hits (the unique index turns the loser back).
/// </summary>
public sealed class ScreeningBacklogWatcher(StorageSetup.StoreSettings store, TimeProvider clock, IConfiguration configuration, ILogger<ScreeningBacklogWatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(configuration.GetValue("Cordon:Screening:PollMilliseconds", 2000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = StorageSetup.Open(store, clock);
                await QueueJobsAsync(db, stoppingToken);
                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Screening backlog check failed; retrying.");
                await Task.Delay(poll * 5, stoppingToken);
            }
        }
    }

    /// <summary>Queues a backlog job for each agency with records waiting and no such job pending; returns how many.</summary>
    public static async Task<int> QueueJobsAsync(CordonDb db, CancellationToken ct = default)
    {
        var agencies = await db.ScreeningBacklog.Select(e => e.OwningAgencyId).Distinct().ToListAsync(ct);
        if (agencies.Count == 0)
        {
            return 0;
        }
        var busy = await db.Jobs.Where(j => j.Kind == ScreeningRuns.IntakeKind && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
            .Select(j => j.OwningAgencyId).Distinct().ToListAsync(ct);
        var queued = 0;
        foreach (var agency in agencies.Except(busy))
        {
            db.Jobs.Add(ScreeningRuns.IntakeJob(agency, db.Clock.GetUtcNow()));
            queued++;
        }
        await db.SaveChangesAsync(ct);
        return queued;
    }
}
