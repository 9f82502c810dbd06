using Cordon.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cordon.Audit;

public sealed record VerificationStatus(string State, long Done, long Total, DateTimeOffset? StartedAt, VerifyReport? Report, string? Error);

/// <summary>
/// "Verify now" for the server: runs a full verification in the background (it takes about a minute per
/// ten million entries) and reports progress and the last result through the API and the auditor's page.
/// </summary>
public sealed class AuditVerification(IServiceScopeFactory scopes, AuditSigner signer, TimeProvider clock, ILogger<AuditVerification> log)
{
    private readonly Lock _gate = new();
    private Task? _running;
    private long _done, _total;
    private DateTimeOffset? _startedAt;
    private VerifyReport? _last;
    private string? _error;

    public VerificationStatus Status
    {
        get
        {
            lock (_gate)
            {
                var state = _running is { IsCompleted: false } ? "running" : _last is null && _error is null ? "never" : _error is not null ? "error" : _last!.Ok ? "verified" : "failed";
                return new VerificationStatus(state, Interlocked.Read(ref _done), Interlocked.Read(ref _total), _startedAt, _last, _error);
            }
        }
    }

    /// <summary>Starts a verification unless one is running; returns the status.</summary>
    public VerificationStatus Start()
    {
        lock (_gate)
        {
            if (_running is not { IsCompleted: false })
            {
                _startedAt = clock.GetUtcNow();
                _done = 0;
                _error = null;
                _running = Task.Run(RunAsync);
            }
        }
        return Status;
    }

    /// <summary>For tests and callers that want the result: waits for the running verification.</summary>
    public Task WaitAsync() => _running ?? Task.CompletedTask;

    private async Task RunAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
            var report = await AuditVerifier.VerifyAsync(db, signer.Verifier, new Progress(this));
            lock (_gate)
            {
                _last = report;
            }
            if (!report.Ok)
            {
                log.LogError("Audit log verification FAILED: first bad index {Index}: {Problem}", report.FirstBadIndex, report.Problems[0].Message);
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _error = e.Message;
            }
            log.LogError(e, "Audit log verification could not run.");
        }
    }

    private sealed class Progress(AuditVerification owner) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value)
        {
            Interlocked.Exchange(ref owner._done, value.Done);
            Interlocked.Exchange(ref owner._total, value.Total);
        }
    }
}
