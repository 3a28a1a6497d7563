package io.pgextra.hibernate.test.hstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Transient;
import org.hibernate.AnnotationException;
import org.hibernate.annotations.Type;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Wrong uses of {@code @HStoreUnique} / {@code @HStoreRequired} fail the boot with one error that names every entity,
 * attribute and problem.
 */
class HStoreBadMappingTest {

	@Entity(name = "NotHStore")
	static class NotHStore {
		@Id
		Long id;

		@HStoreUnique("en")
		String label;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "jsonb")
		@HStoreRequired("en")
		Map<String, String> json;

		@Embedded
		@HStoreUnique("x")
		Pair pair;
	}

	@Embeddable
	static class Pair {
		String left;
		String right;
	}

	@Entity(name = "BadKeys")
	static class BadKeys {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique({})
		@HStoreRequired({})
		Map<String, String> noKeys;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique({ "a", "a" })
		@HStoreRequired("")
		Map<String, String> sameKeyTwice;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique({ "a", "b" })
		@HStoreUnique({ "b", "a" })
		Map<String, String> sameGroupTwice;

		@Transient
		@HStoreUnique("t")
		Map<String, String> notMapped;
	}

	/** A correct one among them, to show that only the problems are reported. */
	@Entity(name = "Fine")
	static class Fine {
		@Id
		Long id;

		@Type(PostgreSQLHStoreType.class)
		@Column(columnDefinition = "hstore")
		@HStoreUnique("en")
		Map<String, String> name;
	}

	@Test
	void everyProblemIsReportedAtOnceNamingEntityAndAttribute() {
		assertThatThrownBy( () -> boot( NotHStore.class, BadKeys.class, Fine.class ) )
				.satisfies( e -> {
					AnnotationException error = cause( e );
					assertThat( error.getMessage() ).startsWith( "Invalid hstore constraints (9 problems):" );
					List<String> lines = error.getMessage().lines().skip( 1 ).map( String::strip ).toList();
					assertThat( lines ).hasSize( 9 ).allSatisfy( line -> assertThat( line ).startsWith( "- " ) );
					String message = error.getMessage();
					assertThat( message )
							.contains( "entity '" + NotHStore.class.getName() + "', attribute 'label': @HStoreUnique on an"
									+ " attribute that is not hstore (column \"label\"" )
							.contains( "entity '" + NotHStore.class.getName() + "', attribute 'json': @HStoreRequired on an"
									+ " attribute that is not hstore (column \"json\" of type jsonb); map it to an hstore column" )
							.contains( "attribute 'pair': @HStoreUnique on an embedded attribute" )
							.contains( "entity '" + BadKeys.class.getName() + "', attribute 'noKeys': @HStoreUnique({}) has no keys;"
									+ " list at least one, e.g. @HStoreUnique(\"en\")" )
							.contains( "attribute 'noKeys': @HStoreRequired({}) has no keys" )
							.contains( "attribute 'sameKeyTwice': @HStoreUnique({\"a\", \"a\"}) lists the key \"a\" twice" )
							.contains( "attribute 'sameKeyTwice': @HStoreRequired({\"\"}) has an empty key" )
							.contains( "attribute 'sameGroupTwice': @HStoreUnique({\"b\", \"a\"}) repeats the unique keys {\"a\", \"b\"}" )
							.contains( "class '" + BadKeys.class.getName() + "', field 'notMapped': @HStoreUnique on a member"
									+ " that is not a persistent attribute" )
							.doesNotContain( Fine.class.getName() );
				} );
	}

	@Test
	void aCorrectMappingBoots() {
		boot( Fine.class ).close();
	}

	private static jakarta.persistence.EntityManagerFactory boot(Class<?>... entities) {
		PostgresDatabase pg = PostgresDatabase.get();
		return new HibernatePersistenceConfiguration( "hstore-bad-mapping" )
				.managedClasses( entities )
				.jdbcUrl( pg.jdbcUrl() )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( 1 )
				.createEntityManagerFactory();
	}

	private static AnnotationException cause(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof AnnotationException annotationException ) {
				return annotationException;
			}
		}
		throw new AssertionError( "no AnnotationException in the causes of " + e, e );
	}
}
