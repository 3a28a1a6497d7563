package io.pgextra.hibernate.internal.signals;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.LobCreationContext;
import org.hibernate.engine.jdbc.LobCreator;
import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.jdbc.env.spi.ExtractedDatabaseMetaData;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.hibernate.engine.jdbc.spi.JdbcServices;
import org.hibernate.engine.jdbc.spi.SqlExceptionHelper;
import org.hibernate.engine.jdbc.spi.SqlStatementLogger;
import org.hibernate.sql.ast.spi.ParameterMarkerStrategy;
import org.hibernate.sql.exec.spi.JdbcMutationExecutor;
import org.hibernate.sql.exec.spi.JdbcSelectExecutor;

/**
 * The {@link JdbcServices} of one session factory (registered for the factory's own service registry by
 * {@code PgExtraServiceContributor}; the application's registry keeps Hibernate's): Hibernate's, except for the
 * mutation executor, which is {@link SignallingMutationExecutor}. Every plan of a bulk statement takes its executor
 * from the factory's {@code JdbcServices}. A plain delegate rather than a proxy: some of these methods are called for
 * every statement.
 */
public final class SignallingJdbcServices implements JdbcServices {

	private final JdbcServices hibernate;
	private final SignallingMutationExecutor mutationExecutor;

	/** @param hibernate the {@code JdbcServices} of the application's service registry */
	public SignallingJdbcServices(JdbcServices hibernate) {
		this.hibernate = hibernate;
		this.mutationExecutor = new SignallingMutationExecutor( hibernate.getJdbcMutationExecutor() );
	}

	/** @return whether the executor of these services is hibernate-pgextra's (for the check at the first connect) */
	public static boolean isInstalled(JdbcServices services) {
		return services.getJdbcMutationExecutor() instanceof SignallingMutationExecutor;
	}

	@Override
	public JdbcMutationExecutor getJdbcMutationExecutor() {
		return mutationExecutor;
	}

	@Override
	public JdbcSelectExecutor getJdbcSelectExecutor() {
		return hibernate.getJdbcSelectExecutor();
	}

	@Override
	public JdbcEnvironment getJdbcEnvironment() {
		return hibernate.getJdbcEnvironment();
	}

	@Override
	public JdbcConnectionAccess getBootstrapJdbcConnectionAccess() {
		return hibernate.getBootstrapJdbcConnectionAccess();
	}

	@Override
	public Dialect getDialect() {
		return hibernate.getDialect();
	}

	@Override
	public SqlStatementLogger getSqlStatementLogger() {
		return hibernate.getSqlStatementLogger();
	}

	@Override
	public ParameterMarkerStrategy getParameterMarkerStrategy() {
		return hibernate.getParameterMarkerStrategy();
	}

	@Override
	public SqlExceptionHelper getSqlExceptionHelper() {
		return hibernate.getSqlExceptionHelper();
	}

	@Override
	public ExtractedDatabaseMetaData getExtractedMetaDataSupport() {
		return hibernate.getExtractedMetaDataSupport();
	}

	@Override
	public LobCreator getLobCreator(LobCreationContext lobCreationContext) {
		return hibernate.getLobCreator( lobCreationContext );
	}
}
