package io.pgextra.hibernate.internal.hstore;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.internal.SchemaUpdateHint;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.registry.selector.spi.StrategySelector;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.hibernate.service.spi.ServiceRegistryImplementor;
import org.hibernate.tool.schema.TargetType;
import org.hibernate.tool.schema.internal.DefaultSchemaFilterProvider;
import org.hibernate.tool.schema.internal.HibernateSchemaManagementTool;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.hibernate.tool.schema.spi.SchemaMigrator;
import org.hibernate.tool.schema.spi.SchemaValidator;

import org.jboss.logging.Logger;

/**
 * Hibernate's own schema management tool, plus the hstore constraints in the two places where auxiliary database
 * objects are not enough:
 * <ul>
 *   <li>{@code validate} also {@linkplain HStoreSchemaCheck checks} the hstore indexes and check constraints, and
 *       fails naming each one that is missing or different;</li>
 *   <li>{@code update} runs the objects' create statements quietly (Hibernate ignores their errors, e.g. a unique
 *       index that existing rows violate), so afterwards it logs a warning for each one that is still missing.</li>
 * </ul>
 * A subclass rather than a wrapper, so that Hibernate code that expects its own tool keeps finding it. Put in place
 * by {@link PgExtraSchemaToolContributor} only where Hibernate would have used its own tool.
 */
public final class PgExtraSchemaManagementTool extends HibernateSchemaManagementTool {

	private static final Logger LOG = Logger.getLogger( PgExtraSchemaManagementTool.class );

	private ServiceRegistryImplementor serviceRegistry;

	@Override
	public void injectServices(ServiceRegistryImplementor serviceRegistry) {
		super.injectServices( serviceRegistry );
		this.serviceRegistry = serviceRegistry;
	}

	@Override
	public SchemaValidator getSchemaValidator(Map<String, Object> options) {
		SchemaValidator hibernate = super.getSchemaValidator( options );
		return (metadata, executionOptions, inclusionFilter) -> {
			hibernate.doValidation( metadata, executionOptions, inclusionFilter );
			List<String> problems = problems( metadata, executionOptions.getConfigurationValues(),
					filters( options ).getValidateFilter(), SchemaUpdateHint.UPDATE + ", or add it: " );
			if ( !problems.isEmpty() ) {
				StringBuilder message = new StringBuilder( "Schema validation: " ).append( problems.size() )
						.append( " hstore constraint(s) missing or different:" );
				for ( String problem : problems ) {
					message.append( "\n  - " ).append( problem );
				}
				throw new SchemaManagementException( message.toString() );
			}
		};
	}

	@Override
	public SchemaMigrator getSchemaMigrator(Map<String, Object> options) {
		SchemaMigrator hibernate = super.getSchemaMigrator( options );
		return (metadata, executionOptions, inclusionFilter, targetDescriptor) -> {
			hibernate.doMigration( metadata, executionOptions, inclusionFilter, targetDescriptor );
			if ( targetDescriptor.getTargetTypes().contains( TargetType.DATABASE ) ) {
				for ( String problem : problems( metadata, executionOptions.getConfigurationValues(),
						filters( options ).getMigrateFilter(), "PostgreSQL refused it, most likely because existing rows"
								+ " violate it (the same values for a unique index, a missing key for a check); fix those"
								+ " rows and run the update again, or add it: " ) ) {
					LOG.warn( "Schema update could not create an hstore constraint: " + problem );
				}
			}
		};
	}

	private List<String> problems(Metadata metadata, Map<String, Object> settings,
			SchemaFilter filter, String missingHint) {
		if ( HStoreSchemaCheck.constraints( metadata ).isEmpty() ) {
			return List.of(); // no connection for nothing
		}
		return HStoreSchemaCheck.problems( this, serviceRegistry.requireService( JdbcEnvironment.class ), metadata,
				settings, filter, missingHint );
	}

	/** The same filters as Hibernate's tool applies ({@code hibernate.hbm2ddl.schema_filter_provider}). */
	private SchemaFilterProvider filters(Map<String, Object> options) {
		return serviceRegistry.requireService( StrategySelector.class ).resolveDefaultableStrategy(
				SchemaFilterProvider.class,
				options == null ? null : options.get( SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER ),
				DefaultSchemaFilterProvider.INSTANCE );
	}
}
