package io.pgextra.hibernate.test.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Counter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** insert(..., Class&lt;I&gt;): the id type checked against Hibernate's metamodel before any SQL. */
class TypedIdsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE counter" );
		db.execute( "INSERT INTO counter (id, name, hits) VALUES (1, 'a', 10)" );
	}

	private static Counter counter(String name) {
		Counter c = new Counter();
		c.name = name;
		return c;
	}

	@Test
	void theRightTypeOrASupertypeOrThePrimitiveReturnsTheKey() {
		db.inTransaction( em -> {
			InsertStep<Counter> step = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate();
			Long fromMap = step.insert( Map.of( "name", "a", "hits", 2 ), Long.class );
			Serializable fromEntity = step.insert( counter( "a" ), Serializable.class );
			long primitive = step.insert( Map.of( "name", "a", "hits", 3 ), long.class );
			List<Long> bulk = step.bulkInsert( List.of( counter( "a" ), counter( "b" ) ), Long.class );
			assertThat( fromMap ).isEqualTo( 1L );
			assertThat( fromEntity ).isEqualTo( 1L );
			assertThat( primitive ).isEqualTo( 1L );
			assertThat( bulk ).hasSize( 2 ).first().isEqualTo( 1L );
			assertThat( bulk.get( 1 ) ).isNotEqualTo( 1L );
		} );
		assertThat( db.rows( "SELECT name FROM counter ORDER BY name" ) ).containsExactly( Map.of( "name", "a" ), Map.of( "name", "b" ) );
	}

	@Test
	void aWrongTypeFailsNamingEntityAndBothTypes() {
		for ( int i = 0; i < 3; i++ ) {
			int form = i;
			assertThatThrownBy( () -> db.inTransaction( em -> {
				InsertStep<Counter> step = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate();
				switch ( form ) {
					case 0 -> step.insert( Map.of( "name", "z" ), Integer.class );
					case 1 -> step.insert( counter( "z" ), String.class );
					default -> step.bulkInsert( List.of( counter( "z" ) ), Integer.class );
				}
			} ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "Entity '" + Counter.class.getName() + "'" )
					.hasMessageContaining( "java.lang.Long" )
					.hasMessageContaining( form == 1 ? "java.lang.String" : "java.lang.Integer" )
					.hasMessageContaining( "pass Long.class" );
		}
		assertThat( db.rows( "SELECT name FROM counter" ) ).containsExactly( Map.of( "name", "a" ) );
	}

	@Test
	void theUncheckedFormStillWorks() {
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate()
				.insert( Map.of( "name", "a", "hits", 2 ) ) );
		assertThat( id ).isEqualTo( 1L );
	}
}
