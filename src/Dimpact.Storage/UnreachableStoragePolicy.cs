using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Dimpact.Storage;

/// <summary>
/// A per-call pipeline policy (outside the retries) that turns a request that never got a response, once every retry
/// is spent, into a <see cref="StorageUnreachableException"/> naming the endpoint. Responses, including errors such
/// as 403 or 404, pass unchanged; so does a cancellation the caller asked for.
/// </summary>
public sealed class UnreachableStoragePolicy : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception e) when (NoResponse(e, message))
        {
            throw Unreachable(message, e);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception e) when (NoResponse(e, message))
        {
            throw Unreachable(message, e);
        }
    }

    /// <summary>The transport failed (the retry policy aggregates one failure per try), or the network time-out hit.</summary>
    private static bool NoResponse(Exception e, HttpMessage message) => e switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(i => NoResponse(i, message)),
        RequestFailedException { Status: 0, InnerException: HttpRequestException or IOException } => true,
        HttpRequestException => true,
        OperationCanceledException => !message.CancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static StorageUnreachableException Unreachable(HttpMessage message, Exception e)
    {
        var uri = message.Request.Uri;
        var endpoint = $"{uri.Scheme}://{uri.Host}:{uri.Port}";
        return new StorageUnreachableException(endpoint, Reason(e), e);
    }

    /// <summary>The transport's own words, e.g. "Connection refused (127.0.0.1:10000)".</summary>
    private static string Reason(Exception e)
    {
        if (e is AggregateException aggregate) e = aggregate.InnerExceptions[^1];
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is HttpRequestException http) return http.Message;
        return e.Message;
    }
}
