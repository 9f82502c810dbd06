using Cordon.Common;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Risk.Model;

namespace Cordon.Risk;

public sealed record TrainRequest(DateOnly? Until = null, bool? Activate = null);
public sealed record EvaluateWindowRequest(DateOnly? TrainUntil, DateOnly? TestFrom, DateOnly? TestTo);
public sealed record AssignLanesRequest(DateOnly? From = null, DateOnly? To = null, string? Office = null);
public sealed record CapacityRequest(int? Red, int? Yellow);

/// <summary>Who started a risk job, so the job acts with their rights.</summary>
public sealed record JobActor(Guid? UserId, Guid AgencyId, Roles Roles, string Name)
{
    public static JobActor Of(Actor a) => new(a.UserId, a.AgencyId ?? throw new Forbidden("Only members of an agency can start risk jobs."), a.Roles, a.Name);
    public Actor ToActor() => new(UserId, AgencyId, Roles, Name, ActorKind.User);
}

public sealed record TrainJobPayload(JobActor Actor, DateOnly? Until, bool Activate);
public sealed record EvaluateJobPayload(JobActor Actor, DateOnly TrainUntil, DateOnly TestFrom, DateOnly TestTo);
public sealed record LaneJobPayload(JobActor Actor, DateOnly From, DateOnly To, string? Office);

/// <summary>Trains a model as a background job, reporting the feature pass's progress.</summary>
public sealed class TrainModelJob : IJobHandler
{
    public const string JobKind = "risk.train";
    public string Kind => JobKind;

    public static Wording Title(DateOnly? until)
    {
        if (until is { } u)
        {
            return $"Train risk model until {u:yyyy-MM-dd}";
        }
        return "Train risk model";
    }

    public async Task<object?> RunAsync(JobContext context)
    {
        var p = context.Payload<TrainJobPayload>();
        await using var db = context.OpenDb();
        return await RiskModels.TrainAsync(db, p.Actor.ToActor(), p.Actor.AgencyId, p.Until, p.Activate,
            progress: x => context.ReportAsync(x.Done, x.Total > 0 ? x.Total : null, x.Stage), ct: context.Cancellation);
    }
}

/// <summary>A time-split evaluation as a background job; the result is the <see cref="EvaluationReport"/>.</summary>
public sealed class EvaluateModelJob : IJobHandler
{
    public const string JobKind = "risk.evaluate";
    public string Kind => JobKind;

    public async Task<object?> RunAsync(JobContext context)
    {
        var p = context.Payload<EvaluateJobPayload>();
        await using var db = context.OpenDb();
        return await RiskModels.EvaluateAsync(db, p.Actor.AgencyId, p.TrainUntil, p.TestFrom, p.TestTo,
            progress: x => context.ReportAsync(x.Done, x.Total > 0 ? x.Total : null, x.Stage), ct: context.Cancellation);
    }
}

/// <summary>"Assign lanes" as a background job. Re-running after an interruption decides only what is still undecided.</summary>
public sealed class AssignLanesJob : IJobHandler
{
    public const string JobKind = "risk.lanes";
    public string Kind => JobKind;

    public static Wording Title(DateOnly from, DateOnly to, string? office)
    {
        if (office is not null)
        {
            return $"Assign lanes {from:yyyy-MM-dd} … {to:yyyy-MM-dd} at {office}";
        }
        return $"Assign lanes {from:yyyy-MM-dd} … {to:yyyy-MM-dd}";
    }

    public async Task<object?> RunAsync(JobContext context)
    {
        var p = context.Payload<LaneJobPayload>();
        await using var db = context.OpenDb();
        return await Lanes.Lanes.AssignAsync(db, p.Actor.ToActor(), p.Actor.AgencyId, p.From, p.To, p.Office,
            progress: x => context.ReportAsync(x.Done, x.Total > 0 ? x.Total : null, x.Stage), ct: context.Cancellation);
    }
}

/// <summary>The risk jobs' registration and their schedule.</summary>
public static class RiskJobs
{
    /// <summary>Scheduled retraining (off unless <c>Risk:RetrainEvery</c> is set) and the weeks-after-training job.</summary>
    public static void AddRiskScheduling(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        services.AddJobHandler<RetrainModelJob>().AddJobHandler<AssessWeeksJob>();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionHostedServiceExtensions.AddHostedService<RetrainScheduler>(services);
    }
}
