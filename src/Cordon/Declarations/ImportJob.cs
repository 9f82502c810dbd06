using Cordon.Common;
using Cordon.Jobs;
using Cordon.Storage;

namespace Cordon.Declarations;

/// <summary>What an import job is given: the uploaded file (kept on the server until the job ends) and who sent it.</summary>
public sealed record ImportJobPayload(string Path, string FileName, string Format, IntakeKind Kind, Guid AgencyId, string ReceivedBy, Audit.AuditActor? Actor = null);

/// <summary>
/// A server-side file import as a background job: progress (bytes read, records, rate, rejects) is
/// reported to the job table after each committed batch, with the committed counts as checkpoint.
/// A job interrupted by a restart is claimed again and resumes after the last committed record;
/// anything the interrupted run committed after its checkpoint comes back as a duplicate.
/// </summary>
public sealed class ImportJob(StorageSetup.StoreSettings store) : IJobHandler
{
    public const string JobKind = "intake.import";

    public string Kind => JobKind;

    public async Task<object?> RunAsync(JobContext context)
    {
        var payload = context.Payload<ImportJobPayload>();
        var resume = context.Checkpoint<IntakeSummary>();
        var intake = new IntakeContext(payload.AgencyId, payload.ReceivedBy, payload.FileName, context.Clock.GetUtcNow()) { Actor = payload.Actor };
        if (!File.Exists(payload.Path))
        {
            throw new InvalidOperationException($"The uploaded file {payload.FileName} is no longer on this node ({payload.Path}).");
        }
        if (payload.Format == Interchange)
        {
            return await InterchangeAsync(context, payload, intake with { Source = $"edifact:{payload.FileName}" });
        }
        var format = DeclarationFiles.ParseFormat(payload.Format);
        ImportResult result;
        await using (var stream = new FileStream(payload.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            Task Progress(ImportProgress p) => context.ReportAsync(p.BytesRead, p.BytesTotal, Describe(p),
                new IntakeSummary { Accepted = p.Accepted, Rejected = p.Rejected, Duplicates = p.Duplicates, Amended = p.Amended });
            result = payload.Kind == IntakeKind.Declaration
                ? await FileImport.DeclarationsAsync(stream, format, store, intake, Progress, resume, context.Cancellation)
                : await FileImport.ConsignmentsAsync(stream, format, store, intake, Progress, resume, context.Cancellation);
        }
        context.Cancellation.ThrowIfCancellationRequested();
        File.Delete(payload.Path);
        var s = result.Summary;
        return new { accepted = s.Accepted, rejected = s.Rejected, duplicates = s.Duplicates, amended = s.Amended, seconds = s.Seconds };
    }

    /// <summary>The payload format of an uploaded UN/EDIFACT interchange (CUSDEC and CUSCAR messages; the message type decides the records).</summary>
    public const string Interchange = "edifact";

    /// <summary>
    /// An interchange through the same trade-message intake as <c>POST /api/messages/edifact</c> and <c>cordon import edifact</c>,
    /// with its answers in the sender's outbox. Progress is reported every second; a job resumed after a restart reads the
    /// interchange again, which stores nothing twice and answers nothing twice.
    /// </summary>
    private async Task<object?> InterchangeAsync(JobContext context, ImportJobPayload payload, IntakeContext intake)
    {
        TradeMessages.TradeMessageProgress? latest = null;
        var total = new FileInfo(payload.Path).Length;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        var reporter = Task.Run(async () =>
        {
            while (!reading.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), context.Clock, reading.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (Volatile.Read(ref latest) is { } p)
                {
                    await context.ReportAsync(p.BytesRead, total, $"{p.Messages:N0} messages · {p.Rejected:N0} rejected");
                }
            }
        });
        TradeMessages.TradeMessageReceipt receipt;
        try
        {
            await using var stream = new FileStream(payload.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await using var db = context.OpenDb();
            receipt = await TradeMessages.TradeMessageIntake.ReceiveAsync(stream, db, TradeMessages.TradeMessageIntake.Through(store), intake, context.Clock,
                p => Volatile.Write(ref latest, p), context.Cancellation);
        }
        finally
        {
            await reading.CancelAsync();
            await reporter;
        }
        context.Cancellation.ThrowIfCancellationRequested();
        File.Delete(payload.Path);
        return new { accepted = receipt.Accepted, amended = receipt.Amended, duplicates = receipt.Duplicates, rejected = receipt.Rejected, answers = receipt.AnswerCount,
            interchangeErrors = receipt.InterchangeErrors.Count, seconds = receipt.Seconds };
    }

    public static Wording Describe(ImportProgress p)
        => $"{p.Records:N0} records · {p.RecordsPerSecond:N0}/s · {p.Accepted:N0} accepted, {p.Amended:N0} amended, {p.Duplicates:N0} duplicates, {p.Rejected:N0} rejected";

    /// <summary>Where uploads wait for their job: Cordon:ImportDirectory, or imports/ in the data directory (use a shared volume with several nodes).</summary>
    public static string Directory(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var configured = configuration["Cordon:ImportDirectory"];
        var dataDirectory = configuration["Cordon:DataDirectory"];
        var directory = !string.IsNullOrWhiteSpace(configured) ? Path.GetFullPath(configured)
            : Path.Combine(string.IsNullOrWhiteSpace(dataDirectory) ? StorageSetup.DefaultDataDirectory : Path.GetFullPath(dataDirectory), "imports");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Saves an upload and queues its import; returns the job.</summary>
    public static async Task<Job> EnqueueAsync(CordonDb db, Identity.Actor actor, Microsoft.Extensions.Configuration.IConfiguration configuration,
        Stream upload, string fileName, FileFormat format, IntakeKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var (payload, safeName) = await SaveAsync(db, actor, configuration, upload, fileName,
            format switch { FileFormat.Jsonl => "jsonl", FileFormat.ResearchCsv => "research-csv", _ => "csv" }, kind, ct);
        return kind == IntakeKind.Declaration
            ? await JobQueue.EnqueueAsync(db, actor, JobKind, $"Import of declarations from {safeName}", payload, now, ct: ct)
            : await JobQueue.EnqueueAsync(db, actor, JobKind, $"Import of consignments from {safeName}", payload, now, ct: ct);
    }

    /// <summary>Saves an uploaded UN/EDIFACT interchange and queues its intake; returns the job.</summary>
    public static async Task<Job> EnqueueInterchangeAsync(CordonDb db, Identity.Actor actor, Microsoft.Extensions.Configuration.IConfiguration configuration,
        Stream upload, string fileName, DateTimeOffset now, CancellationToken ct)
    {
        var (payload, safeName) = await SaveAsync(db, actor, configuration, upload, fileName, Interchange, IntakeKind.Declaration, ct);
        return await JobQueue.EnqueueAsync(db, actor, JobKind, $"Intake of the UN/EDIFACT interchange {safeName}", payload, now, ct: ct);
    }

    private static async Task<(ImportJobPayload Payload, string SafeName)> SaveAsync(CordonDb db, Identity.Actor actor,
        Microsoft.Extensions.Configuration.IConfiguration configuration, Stream upload, string fileName, string format, IntakeKind kind, CancellationToken ct)
    {
        var agency = await IntakeAccess.ReceivingAgencyAsync(db, actor, null, ct);
        var safeName = FileNames.Bare(fileName) ?? "upload";
        var path = Path.Combine(Directory(configuration), $"{Guid.CreateVersion7():N}-{safeName}");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await upload.CopyToAsync(file, ct);
        }
        return (new ImportJobPayload(path, safeName, format, kind, agency, actor.Name, Audit.AuditActor.Of(actor)), safeName);
    }
}
