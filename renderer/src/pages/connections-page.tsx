import { command, errorWords } from '../api/command';
import { AddEndpointForm } from '../components/connections/add-endpoint-form';
import { ConnectionRow } from '../components/connections/connection-row';
import { useAppStore } from '../store/app-store';

/**
 * Where the operator picks what Capstan talks to: the embedded sandbox, an AWS profile,
 * or a saved endpoint. The choice is remembered; credentials never reach this page.
 */
export function ConnectionsPage() {
  const connections = useAppStore((s) => s.connections);
  const connectionId = useAppStore((s) => s.connectionId);
  const selectConnection = useAppStore((s) => s.selectConnection);
  const setError = useAppStore((s) => s.setError);
  const setConnections = useAppStore((s) => s.setConnections);

  const reload = async (select?: string) => {
    setConnections(await command('listConnections', {}));
    if (select) selectConnection(select);
  };

  const remove = async (id: string) => {
    try {
      const list = await command('removeConnection', { connectionId: id });
      setConnections(list);
      if (connectionId === id) selectConnection(list.find((c) => c.kind === 'sandbox')?.id ?? list[0]?.id ?? '');
    } catch (e) {
      setError(errorWords(e));
    }
  };

  return (
    <div className="page" data-testid="connections-page">
      <h1>Connections</h1>
      <p className="muted">The selected connection is used by Tables and new jobs. The sandbox runs inside Capstan and behaves like DynamoDB under load, for free.</p>
      <section className="card">
        <ul className="connection-list">
          {connections.map((c) => (
            <ConnectionRow key={c.id} connection={c} selected={c.id === connectionId} onSelect={() => selectConnection(c.id)} onRemove={() => void remove(c.id)} />
          ))}
        </ul>
        {/* Without a profile the list shows only the sandbox: say where AWS connections come from. */}
        {!connections.some((c) => c.kind === 'aws') && (
          <p className="muted small" data-testid="no-aws-profiles">
            No AWS profile found on the machine running Capstan. To reach a real table, add a profile to ~/.aws/config (for example with <code>aws configure --profile NAME</code>), then reload this page.
          </p>
        )}
      </section>
      <AddEndpointForm onAdded={(id) => void reload(id)} />
    </div>
  );
}
