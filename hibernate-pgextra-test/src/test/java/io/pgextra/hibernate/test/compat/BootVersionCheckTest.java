package io.pgextra.hibernate.test.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.compat.HibernateVersion;
import io.pgextra.hibernate.test.compat.model.CompatItem;
import io.pgextra.hibernate.test.compat.model.CompatPart;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.HibernateException;
import org.hibernate.Version;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

/**
 * An application boots, or fails at boot in one sentence, depending on the Hibernate ORM it runs on. On a supported
 * line (every cell of the matrix but one) the factory boots; the matrix also runs this class alone on Hibernate ORM
 * 7.0 (cell {@code hibernate-7.0.10-refused}), where building the factory must fail with exactly the sentence that
 * names the version and the supported range, raised by the library's first service contributor, before any
 * {@code NoSuchMethodError}.
 */
class BootVersionCheckTest {

	@Test
	void bootsOnASupportedHibernateAndFailsInOneSentenceOnAnotherOne() {
		String running = Version.getVersionString();
		String unsupported = HibernateVersion.unsupportedMessage( running );
		Throwable failure = catchThrowable( () -> {
			try ( EntityManagerFactory factory = boot() ) {
				factory.createEntityManager().close();
			}
		} );
		if ( unsupported == null ) {
			assertThat( failure ).as( "boot on supported Hibernate ORM %s", running ).isNull();
			assertThat( HibernateCompat.get().version().text() ).isEqualTo( running );
			return;
		}
		assertThat( failure ).as( "boot on unsupported Hibernate ORM %s", running ).isNotNull();
		Throwable cause = failure;
		while ( cause != null && !( cause instanceof HibernateException && unsupported.equals( cause.getMessage() ) ) ) {
			cause = cause.getCause();
		}
		assertThat( cause ).as( "a HibernateException with the one sentence, in %s", failure ).isNotNull();
		assertThat( cause.getMessage() ).contains( "'" + running + "'" ).contains( "7.1 to 7.4" );
		// and nothing in the chain is a linkage error: the check ran before any version-specific call
		for ( Throwable t = failure; t != null; t = t.getCause() ) {
			assertThat( t ).isNotInstanceOf( LinkageError.class );
		}
	}

	private static EntityManagerFactory boot() {
		PostgresDatabase pg = PostgresDatabase.get();
		return new HibernatePersistenceConfiguration( "pgextra-boot-check" )
				.managedClass( CompatItem.class )
				.managedClass( CompatPart.class )
				.jdbcUrl( pg.jdbcUrl() )
				.jdbcCredentials( pg.user(), pg.password() )
				.property( AvailableSettings.HBM2DDL_AUTO, "none" )
				.createEntityManagerFactory();
	}
}
