package io.pgextra.hibernate.test.signals;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.pgextra.hibernate.test.PgExtension;

import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.boot.registry.classloading.internal.ClassLoaderServiceImpl;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * A second session factory on the schema of a {@link PgExtension} (whose tables it uses as they are), booted the
 * native way, with a choice of which Java services ({@code META-INF/services}) Hibernate may load: e.g. none of
 * hibernate-pgextra's, for plain Hibernate to compare the SQL with.
 */
final class SideFactory {

	private SideFactory() {
	}

	/**
	 * @param keep which of the service implementations found on the class path Hibernate may use
	 * @param sql receives every SQL statement the factory prepares
	 */
	static SessionFactory build(PgExtension db, Predicate<Object> keep, List<String> sql, Map<String, Object> settings,
			Class<?>... entities) {
		ClassLoaderServiceImpl classLoaderService = new ClassLoaderServiceImpl( SideFactory.class.getClassLoader() ) {
			@Override
			public <S> Collection<S> loadJavaServices(Class<S> serviceContract) {
				return super.loadJavaServices( serviceContract ).stream().filter( keep ).toList();
			}
		};
		StatementInspector inspector = statement -> {
			sql.add( statement );
			return statement;
		};
		StandardServiceRegistryBuilder registry = new StandardServiceRegistryBuilder(
				new BootstrapServiceRegistryBuilder().applyClassLoaderService( classLoaderService ).build() )
				.applySetting( AvailableSettings.JAKARTA_JDBC_URL, db.database().jdbcUrl( db.schema() + ",public" ) )
				.applySetting( AvailableSettings.JAKARTA_JDBC_USER, db.database().user() )
				.applySetting( AvailableSettings.JAKARTA_JDBC_PASSWORD, db.database().password() )
				.applySetting( AvailableSettings.DEFAULT_SCHEMA, db.schema() )
				.applySetting( AvailableSettings.STATEMENT_INSPECTOR, inspector )
				.applySetting( AvailableSettings.STATEMENT_BATCH_SIZE, "50" )
				.applySetting( AvailableSettings.POOL_SIZE, "2" )
				.applySettings( settings );
		MetadataSources sources = new MetadataSources( registry.build() );
		for ( Class<?> entity : entities ) {
			sources.addAnnotatedClass( entity );
		}
		return sources.buildMetadata().buildSessionFactory();
	}

	/** Keeps every service but hibernate-pgextra's: plain Hibernate. */
	static boolean notPgExtra(Object service) {
		return !service.getClass().getName().startsWith( "io.pgextra." );
	}
}
