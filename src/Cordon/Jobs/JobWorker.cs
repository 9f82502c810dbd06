using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Jobs;

/// <summary>
/// Runs queued jobs inside a server node: <c>Cordon:Jobs:Workers</c> loops (default 1), each polling
/// every <c>Cordon:Jobs:PollMilliseconds</c> when idle. Set Workers to 0 for a node that serves only.
/// </summary>
public sealed class JobWorker(JobRunner runner, IOptions<JobOptions> options, ILogger<JobWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        return Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => LoopAsync(poll, stoppingToken)));
    }

    private async Task LoopAsync(TimeSpan poll, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!await runner.RunOneAsync(stopping))
                {
                    await Task.Delay(poll, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A store outage must not kill the worker: wait and try again.
                log.LogError(e, "Job worker error; retrying.");
                await Task.Delay(poll * 5, stopping);
            }
        }
    }
}
