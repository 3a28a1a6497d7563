package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
import io.pgextra.hibernate.test.model.Person;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulk calls bind one array per column; the same mapping rules as for a single row must hold there: converters,
 * enums, timestamps, versions, UUIDs, embeddables, associations, NULLs, defaults.
 */
class BulkTypesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Person.class, Gadget.class, Category.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "firstName", "lastName" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE person, gadget, category" );
	}

	@Test
	void convertersEnumsNullsVersionsAndTimestampsInABulkCall() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < 50; i++ ) {
			Map<String, Object> row = new HashMap<>();
			row.put( "firstName", "F" + i );
			row.put( "lastName", "L" + i );
			row.put( "email", i % 3 == 0 ? null : new Email( "User" + i + "@Example.org" ) );
			row.put( "mood", i % 2 == 0 ? Mood.HAPPY : Mood.GRUMPY );
			row.put( "nick", i % 5 == 0 ? null : "n" + i );
			rows.add( row );
		}
		List<ConflictResult> first = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Person.class, NAME, ConflictAction.UPDATE ).bulkInsertMapsForResults( rows ) );
		assertThat( first ).extracting( ConflictResult::outcome ).containsOnly( RowOutcome.INSERTED );
		for ( Map<String, Object> row : rows ) {
			row.put( "nick", "again" );
		}
		List<Person> again = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Person.class, NAME, ConflictAction.UPDATE ).bulkInsertMapsAndGet( rows ) );
		for ( int i = 0; i < 50; i++ ) {
			Person p = again.get( i );
			assertThat( p.id ).isEqualTo( first.get( i ).id() );
			assertThat( p.firstName ).isEqualTo( "F" + i );
			assertThat( p.email ).isEqualTo( i % 3 == 0 ? null : new Email( "user" + i + "@example.org" ) );
			assertThat( p.mood ).isEqualTo( i % 2 == 0 ? Mood.HAPPY : Mood.GRUMPY );
			assertThat( p.nick ).isEqualTo( "again" );
			assertThat( p.version ).isEqualTo( 1 );
			assertThat( p.score ).as( "column default on insert, kept on update" ).isEqualTo( 7 );
			assertThat( p.createdAt ).isNotNull();
			assertThat( p.updatedAt ).isAfterOrEqualTo( p.createdAt );
		}
		assertThat( db.rows( "SELECT count(*) AS n FROM person WHERE email LIKE 'mailto:user%@example.org'" ) )
				.containsExactly( Map.of( "n", 33L ) );
		assertThat( db.rows( "SELECT count(*) AS n FROM person WHERE mood = 'GRUMPY' AND version = 1" ) )
				.containsExactly( Map.of( "n", 25L ) );
	}

	@Test
	void uuidIdsEmbeddablesAndAssociationsInABulkCall() {
		db.inTransaction( em -> {
			Category tools = new Category( "tools" );
			em.persist( tools );
			em.flush();
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			List<Gadget> input = new ArrayList<>();
			for ( int i = 0; i < 20; i++ ) {
				Gadget g = new Gadget();
				g.sku = "g" + i;
				g.category = i % 2 == 0 ? tools : null;
				g.dimensions = i % 4 == 0 ? null : new Dimensions( i, i * 10 );
				g.color = "c" + i;
				input.add( g );
			}
			List<UUID> ids = pg.bulkUpsert( Gadget.class, ConflictTarget.attributes( "category", "sku" ), input );
			assertThat( ids ).doesNotContainNull().doesNotHaveDuplicates().hasSize( 20 );
			em.clear();
			for ( int i = 0; i < 20; i++ ) {
				Gadget g = em.find( Gadget.class, ids.get( i ) );
				assertThat( g.sku ).isEqualTo( "g" + i );
				assertThat( g.category == null ? null : g.category.name ).isEqualTo( i % 2 == 0 ? "tools" : null );
				assertThat( g.dimensions ).isEqualTo( i % 4 == 0 ? null : new Dimensions( i, i * 10 ) );
			}
		} );
		assertThat( db.rows( "SELECT count(*) AS n FROM gadget WHERE category_id IS NOT NULL" ) ).containsExactly( Map.of( "n", 10L ) );
	}
}
