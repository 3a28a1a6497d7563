package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.model.Category;
import io.pgextra.hibernate.test.model.Dimensions;
import io.pgextra.hibernate.test.model.Email;
import io.pgextra.hibernate.test.model.Gadget;
import io.pgextra.hibernate.test.model.Mood;
import io.pgextra.hibernate.test.model.MyModel;
import io.pgextra.hibernate.test.model.Person;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generated ids, defaults, versions, timestamps, converters, enums, embeddables, associations, NULL. */
class EntitySemanticsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class, Person.class, Gadget.class, Category.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "firstName", "lastName" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE my_model, person, gadget, category" );
	}

	@Test
	void identityIdIsGeneratedByTheDatabase() {
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( MyModel.class,
				ConflictTarget.attributes( "myfield" ), Map.of( "myfield", "a" ) ) );
		assertThat( db.rows( "SELECT id FROM my_model" ) ).containsExactly( Map.of( "id", id ) );
	}

	@Test
	void sequenceIdComesFromHibernatesGeneratorAndIsKeptOnConflict() {
		Long first = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace" ) ) );
		Long second = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace" ) ) );
		assertThat( second ).isEqualTo( first );
		// persist draws from the same pooled sequence: no clash with the ids the upserts used
		Long persisted = db.fromTransaction( em -> {
			Person p = new Person( "Alan", "Turing" );
			em.persist( p );
			em.flush();
			return p.id;
		} );
		assertThat( persisted ).isNotEqualTo( first );
		assertThat( db.count( "person" ) ).isEqualTo( 2 );
	}

	@Test
	void uuidIdIsGenerated() {
		UUID id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Gadget.class,
				ConflictTarget.attributes( "category", "sku" ), Map.of( "sku", "g-1", "color", "red" ) ) );
		assertThat( id ).isNotNull();
		assertThat( db.rows( "SELECT id, color FROM gadget" ) ).containsExactly( Map.of( "id", id, "color", "red" ) );
	}

	@Test
	void attributeNotGivenGetsTheColumnDefaultOnInsertAndKeepsItsValueOnConflict() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "ada" ) ) );
		assertThat( db.rows( "SELECT score, nick_name FROM person" ) ).containsExactly( Map.of( "score", 7, "nick_name", "ada" ) );
		db.execute( "UPDATE person SET score = 42" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace", "mood", Mood.HAPPY ) ) );
		assertThat( db.rows( "SELECT score, nick_name, mood FROM person" ) )
				.containsExactly( Map.of( "score", 42, "nick_name", "ada", "mood", "HAPPY" ) );
	}

	@Test
	void versionStartsAtSeedAndIncrementsOnUpdateButNotOnNothing() {
		ConflictResult inserted = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Person.class, NAME, ConflictAction.UPDATE )
				.insertForResult( Map.of( "firstName", "Ada", "lastName", "Lovelace" ) ) );
		assertThat( inserted.outcome() ).isEqualTo( RowOutcome.INSERTED );
		assertThat( db.rows( "SELECT version FROM person" ) ).containsExactly( Map.of( "version", 0 ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "x" ) ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "y" ) ) );
		assertThat( db.rows( "SELECT version FROM person" ) ).containsExactly( Map.of( "version", 2 ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Person.class, NAME, ConflictAction.NOTHING )
				.insert( Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "z" ) ) );
		assertThat( db.rows( "SELECT version, nick_name FROM person" ) ).containsExactly( Map.of( "version", 2, "nick_name", "y" ) );
		// the version Hibernate sees agrees: an optimistic update of the upserted row works
		db.inTransaction( em -> {
			Person p = em.createQuery( "from Person", Person.class ).getSingleResult();
			assertThat( p.version ).isEqualTo( 2 );
			p.nick = "w";
		} );
		assertThat( db.rows( "SELECT version FROM person" ) ).containsExactly( Map.of( "version", 3 ) );
	}

	@Test
	void creationTimestampStaysAndUpdateTimestampMoves() throws InterruptedException {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace" ) ) );
		Map<String, Object> before = db.rows( "SELECT created_at, updated_at FROM person" ).get( 0 );
		assertThat( before.get( "created_at" ) ).isNotNull();
		Thread.sleep( 20 );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME,
				Map.of( "firstName", "Ada", "lastName", "Lovelace", "nick", "x" ) ) );
		Map<String, Object> after = db.rows( "SELECT created_at, updated_at FROM person" ).get( 0 );
		assertThat( after.get( "created_at" ) ).isEqualTo( before.get( "created_at" ) );
		assertThat( ( (java.sql.Timestamp) after.get( "updated_at" ) ).toInstant() )
				.isAfter( ( (java.sql.Timestamp) before.get( "updated_at" ) ).toInstant() );
	}

	@Test
	void convertersAndEnumsApplyAndNullIsNull() {
		Map<String, Object> values = new HashMap<>();
		values.put( "firstName", "Ada" );
		values.put( "lastName", "Lovelace" );
		values.put( "email", new Email( "ADA@Example.org" ) );
		values.put( "mood", Mood.GRUMPY );
		values.put( "score", null );
		Person p = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsertAndGet( Person.class, NAME, values ) );
		assertThat( p.email ).isEqualTo( new Email( "ada@example.org" ) );
		assertThat( p.mood ).isEqualTo( Mood.GRUMPY );
		assertThat( p.score ).isNull();
		Map<String, Object> row = db.rows( "SELECT email, mood, score FROM person" ).get( 0 );
		assertThat( row.get( "email" ) ).isEqualTo( "mailto:ada@example.org" );
		assertThat( row.get( "mood" ) ).isEqualTo( "GRUMPY" );
		assertThat( row ).containsEntry( "score", null );

		values.put( "email", null );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Person.class, NAME, values ) );
		assertThat( db.rows( "SELECT email FROM person" ).get( 0 ) ).containsEntry( "email", null );
	}

	@Test
	void embeddedAndManyToOneAttributesResolveToTheirColumns() {
		db.inTransaction( em -> {
			Category tools = new Category( "tools" );
			em.persist( tools );
			em.flush();
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			ConflictTarget target = ConflictTarget.attributes( "category", "sku" );
			Gadget g = pg.upsertAndGet( Gadget.class, target,
					Map.of( "category", tools, "sku", "hammer", "dimensions", new Dimensions( 3, 4 ) ) );
			assertThat( g.category ).isSameAs( tools );
			assertThat( g.dimensions ).isEqualTo( new Dimensions( 3, 4 ) );
			// a single attribute of the embeddable, and the association given by its identifier
			Object id = pg.upsert( Gadget.class, target, Map.of( "category", tools.id, "sku", "hammer", "dimensions.height", 9 ) );
			assertThat( id ).isEqualTo( g.id );
		} );
		assertThat( db.rows( "SELECT dim_w, height, sku FROM gadget" ) )
				.containsExactly( Map.of( "dim_w", 3, "height", 9, "sku", "hammer" ) );
	}

	@Test
	void embeddedAttributeAsConflictTarget() {
		db.execute( "CREATE UNIQUE INDEX gadget_dimensions ON gadget (dim_w, height)" );
		try {
			db.inTransaction( em -> {
				PgExtraEntityManager pg = PgExtraEntityManager.of( em );
				ConflictTarget target = ConflictTarget.attributes( "dimensions" );
				UUID a = pg.upsert( Gadget.class, target, Map.of( "dimensions", new Dimensions( 1, 2 ), "color", "red" ) );
				UUID b = pg.upsert( Gadget.class, target, Map.of( "dimensions", new Dimensions( 1, 2 ), "color", "blue" ) );
				assertThat( b ).isEqualTo( a );
				// the same index through the embeddable's attribute paths
				UUID c = pg.upsert( Gadget.class, ConflictTarget.attributes( "dimensions.width", "dimensions.height" ),
						Map.of( "dimensions.width", 1, "dimensions.height", 2, "color", "green" ) );
				assertThat( c ).isEqualTo( a );
			} );
			assertThat( db.rows( "SELECT color FROM gadget" ) ).containsExactly( Map.of( "color", "green" ) );
		}
		finally {
			db.execute( "DROP INDEX gadget_dimensions" );
		}
	}

	@Test
	void valuesFromTransientEntityInstances() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Person input = new Person( "Ada", "Lovelace" );
			input.nick = "ada";
			input.mood = Mood.HAPPY;
			Long id = pg.upsert( NAME, input );
			assertThat( em.contains( input ) ).isFalse();
			assertThat( input.id ).isNull();

			Person changed = new Person( "Ada", "Lovelace" );
			changed.nick = "countess";
			Person managed = pg.upsertAndGet( NAME, changed );
			assertThat( managed ).isNotSameAs( changed );
			assertThat( managed.id ).isEqualTo( id );
			assertThat( managed.nick ).isEqualTo( "countess" );
			// from an entity every attribute is given: mood was null on the instance, so it is NULL now
			assertThat( managed.mood ).isNull();

			List<Long> ids = pg.bulkUpsert( Person.class, NAME, List.of( new Person( "Alan", "Turing" ), changed ) );
			assertThat( ids ).hasSize( 2 ).element( 1 ).isEqualTo( id );
		} );
		assertThat( db.count( "person" ) ).isEqualTo( 2 );
	}
}
