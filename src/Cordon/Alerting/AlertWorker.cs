using Cordon.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Alerting;

/// <summary>
/// The alert dispatcher of a server node: fans committed alerts out to subscriptions and sends due
/// webhooks. Woken at once when this node commits an alert; polls the store every
/// <c>Cordon:Alerts:PollMilliseconds</c> (default 1000) for alerts committed by other nodes, before a
/// restart, or retries that fall due. <c>Cordon:Alerts:Dispatch=false</c> turns it off on a node.
/// </summary>
public sealed class AlertWorker(IServiceScopeFactory scopes, IOptions<AlertOptions> settings, IHttpClientFactory clients, TimeProvider clock, ILogger<AlertWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Dispatch)
        {
            return;
        }
        var options = settings.Value.Delivery;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = AlertSignals.Raised.Next;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
                while (await AlertFanOut.DispatchAsync(db, clock.GetUtcNow(), ct: stoppingToken) > 0)
                {
                }
                // The webhook client connects only to checked addresses (WebhookDestinations), through a resilience pipeline.
                var http = clients.CreateClient(WebhookDestinations.ClientName);
                while (await AlertWebhooks.SendDueAsync(db, http, options, clock, ct: stoppingToken) > 0)
                {
                }
                await Signal.WaitAsync(next, options.Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A store outage must not kill the dispatcher: the outbox keeps the alerts until it returns.
                log.LogError(e, "Alert dispatcher error; retrying.");
                try
                {
                    await Task.Delay(options.Poll * 5, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
