using Azure.Data.Tables;

namespace Dimpact.Storage;

/// <summary>
/// An entity-group transaction: all actions in one partition, applied atomically, at most 100 of them (the Table
/// service's limit, enforced here so that a larger batch fails before it is sent).
/// </summary>
public sealed class TableTransaction
{
    public const int MaxActions = 100;

    private readonly List<TableTransactionAction> _actions = [];
    private string? _partition;

    public IReadOnlyList<TableTransactionAction> Actions => _actions;

    public TableTransaction Add(TableTransactionActionType type, ITableEntity entity, Azure.ETag etag = default)
    {
        if (_actions.Count == MaxActions)
            throw new InvalidOperationException($"An entity-group transaction holds at most {MaxActions} entities.");
        if (_partition is not null && entity.PartitionKey != _partition)
            throw new InvalidOperationException($"An entity-group transaction stays in one partition ('{_partition}', not '{entity.PartitionKey}').");
        _partition = entity.PartitionKey;
        _actions.Add(new TableTransactionAction(type, entity, etag));
        return this;
    }

    public async Task<IReadOnlyList<Azure.Response>> SubmitAsync(TableClient table, CancellationToken cancellationToken)
    {
        var response = await table.SubmitTransactionAsync(_actions, cancellationToken);
        return response.Value;
    }
}
