package io.pgextra.hibernate.internal.hstore;

import java.util.Map;

import io.pgextra.hibernate.internal.compat.HibernateCompat;

import org.hibernate.boot.registry.StandardServiceInitiator;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.service.spi.ServiceContributor;
import org.hibernate.service.spi.ServiceRegistryImplementor;
import org.hibernate.tool.schema.internal.HibernateSchemaManagementTool;
import org.hibernate.tool.schema.internal.SchemaManagementToolInitiator;
import org.hibernate.tool.schema.spi.SchemaManagementTool;

import org.jboss.logging.Logger;

/**
 * Replaces Hibernate's schema management tool by {@link PgExtraSchemaManagementTool} (found through
 * {@code META-INF/services}). Hibernate's own initiator still decides first: a tool chosen with
 * {@code hibernate.schema_management_tool} or found as a Java service is kept as it is (without the hstore checks
 * of {@code validate}); only where it would use its standard tool does ours take its place.
 */
public final class PgExtraSchemaToolContributor implements ServiceContributor {

	private static final Logger LOG = Logger.getLogger( PgExtraSchemaToolContributor.class );

	@Override
	public void contribute(StandardServiceRegistryBuilder builder) {
		// the first of the library's code Hibernate runs: an unsupported Hibernate fails here, in one sentence
		HibernateCompat.get();
		builder.addInitiator( new StandardServiceInitiator<SchemaManagementTool>() {
			@Override
			public Class<SchemaManagementTool> getServiceInitiated() {
				return SchemaManagementTool.class;
			}

			@Override
			public SchemaManagementTool initiateService(Map<String, Object> configurationValues,
					ServiceRegistryImplementor registry) {
				SchemaManagementTool tool = SchemaManagementToolInitiator.INSTANCE.initiateService( configurationValues, registry );
				if ( tool.getClass() == HibernateSchemaManagementTool.class ) {
					return new PgExtraSchemaManagementTool();
				}
				LOG.debugf( "Schema management tool %s kept: hstore constraints are created, but not validated",
						tool.getClass().getName() );
				return tool;
			}
		} );
	}
}
