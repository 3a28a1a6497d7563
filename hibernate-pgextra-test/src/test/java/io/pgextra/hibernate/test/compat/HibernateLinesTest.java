package io.pgextra.hibernate.test.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.compat.model.CompatItem;
import io.pgextra.hibernate.test.compat.model.CompatPart;

import org.hibernate.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an application on any supported Hibernate line does first, on the Hibernate the tests run on (CI runs this
 * class, with the whole suite, on the newest patch of 7.1, 7.2, 7.3 and 7.4): boot with an entity that maps hstore
 * with Hypersistence's {@code PostgreSQLHStoreType}, upsert it, edit its maps in place, and run bulk statements with
 * signal receivers. Each goes through a part of the compat seam: the hstore type swap, the on-execution generator
 * values of the upsert, the locked select and rebuilt SQL AST statements of bulk signals.
 */
class HibernateLinesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( CompatItem.class, CompatPart.class );

	private final List<SignalConnection> connections = new ArrayList<>();

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE compat_item, compat_item_part" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	@Test
	void runsOnTheHibernateCiAskedFor() {
		// failsafe passes ${hibernate.test.version}: a matrix cell that silently ran another Hibernate fails here
		String expected = System.getProperty( "pgextra.test.hibernate.version" );
		assertThat( expected ).as( "system property pgextra.test.hibernate.version" ).isNotBlank();
		assertThat( Version.getVersionString() ).isEqualTo( expected );
	}

	@Test
	void upsertsAnEntityWithAHypersistenceHStoreAndTheDatabaseTimestamp() {
		Long first = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( CompatItem.class,
				ConflictTarget.attributes( "code" ), Map.of( "code", "a", "attrs", Map.of( "color", "red" ) ) ) );
		Timestamp touched = (Timestamp) db.rows( "SELECT touched FROM compat_item" ).get( 0 ).get( "touched" );
		assertThat( touched ).isNotNull();
		Long second = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( CompatItem.class,
				ConflictTarget.attributes( "code" ), Map.of( "code", "a", "attrs", Map.of( "color", "blue" ) ) ) );
		assertThat( second ).isEqualTo( first );
		List<Map<String, Object>> rows = db.rows( "SELECT id, attrs -> 'color' AS color, touched FROM compat_item" );
		assertThat( rows ).hasSize( 1 );
		assertThat( rows.get( 0 ) ).containsEntry( "id", first ).containsEntry( "color", "blue" );
		// current_timestamp of the updating transaction, written by the DO UPDATE (generated on update)
		assertThat( (Timestamp) rows.get( 0 ).get( "touched" ) ).isAfter( touched );
	}

	@Test
	void mapsEditedInPlaceAreFlushed() {
		Long id = db.fromTransaction( em -> {
			CompatItem item = new CompatItem( "b", Map.of( "color", "red" ) );
			item.parts.add( new CompatPart( "p", Map.of( "size", "s" ) ) );
			em.persist( item );
			return item.id;
		} );
		db.inTransaction( em -> em.find( CompatItem.class, id ).attrs.put( "shape", "round" ) );
		assertThat( db.rows( "SELECT attrs -> 'color' AS color, attrs -> 'shape' AS shape FROM compat_item" ) )
				.containsExactly( Map.of( "color", "red", "shape", "round" ) );
		db.inTransaction( em -> em.find( CompatItem.class, id ).parts.get( 0 ).props.put( "size", "m" ) );
		assertThat( db.rows( "SELECT props -> 'size' AS size FROM compat_item_part" ) )
				.containsExactly( Map.of( "size", "m" ) );
		// and an untouched entity writes nothing
		db.clearSql();
		db.inTransaction( em -> em.find( CompatItem.class, id ).parts.size() );
		assertThat( db.sql() ).allMatch( sql -> sql.toLowerCase().startsWith( "select" ) );
	}

	@Test
	void bulkUpdateAndDeleteSignalTheRowsTheyHit() {
		Map<String, Long> ids = new HashMap<>();
		db.inTransaction( em -> {
			for ( String code : List.of( "x", "y", "z" ) ) {
				CompatItem item = new CompatItem( code, Map.of( "group", code.equals( "z" ) ? "two" : "one" ) );
				item.parts.add( new CompatPart( "p", Map.of() ) );
				em.persist( item );
				ids.put( code, item.id );
			}
		} );
		List<SignalEvent<CompatItem>> events = new ArrayList<>();
		Signals signals = Signals.of( db.emf() );
		connections.add( signals.connect( Signal.UPDATE, CompatItem.class, events::add ) );
		connections.add( signals.connect( Signal.DELETE, CompatItem.class, events::add ) );

		// update: Hibernate's UPDATE with RETURNING (a rebuilt SQL AST statement)
		int updated = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "update CompatItem set code = code || '!' where code in (:codes)" )
				.setParameter( "codes", List.of( "x", "z" ) ).executeUpdate() );
		assertThat( updated ).isEqualTo( 2 );
		assertThat( events ).extracting( SignalEvent::signal ).containsOnly( Signal.UPDATE );
		assertThat( events ).extracting( SignalEvent::id ).containsExactlyInAnyOrder( ids.get( "x" ), ids.get( "z" ) );
		events.clear();

		// delete: the rows are selected and locked (the locked select), signalled, then deleted by id
		int deleted = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "delete CompatItem where code like '%!'" ).executeUpdate() );
		assertThat( deleted ).isEqualTo( 2 );
		assertThat( events ).extracting( SignalEvent::signal ).containsOnly( Signal.DELETE );
		assertThat( events ).extracting( SignalEvent::id ).containsExactlyInAnyOrder( ids.get( "x" ), ids.get( "z" ) );
		assertThat( db.rows( "SELECT code FROM compat_item" ) ).containsExactly( Map.of( "code", "y" ) );
		assertThat( db.count( "compat_item_part" ) ).isEqualTo( 1 );
	}
}
