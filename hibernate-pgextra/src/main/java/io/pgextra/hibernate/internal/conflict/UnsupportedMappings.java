package io.pgextra.hibernate.internal.conflict;

import org.hibernate.annotations.SQLInsert;
import org.hibernate.annotations.SQLUpdate;
import org.hibernate.metamodel.mapping.SoftDeleteMapping;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Mapping features an upsert cannot honour, rejected when an entity is first used in a conflict insert rather than
 * silently bypassed: an upsert is its own {@code INSERT ... ON CONFLICT} statement, so it neither runs the entity's
 * custom SQL nor sees its soft-delete column.
 */
final class UnsupportedMappings {

	private UnsupportedMappings() {
	}

	static void check(EntityPersister persister) {
		SoftDeleteMapping softDelete = persister.getSoftDeleteMapping();
		if ( softDelete != null ) {
			// the unique index also holds soft-deleted rows: a proposed row would update one (which stays deleted)
			// or, under NOTHING, be reported as that deleted row
			throw new IllegalArgumentException( "Entity '" + persister.getEntityName() + "' is @SoftDelete (column '"
					+ softDelete.getColumnName() + "'): an upsert would conflict with a soft-deleted row and update it"
					+ " or return it, and the row would stay deleted. Upserts of soft-deleted entities are not"
					+ " supported: use persist/merge, or map the table without @SoftDelete" );
		}
		for ( Class<?> type = persister.getMappedClass(); type != null && type != Object.class;
				type = type.getSuperclass() ) {
			SQLInsert insert = type.getAnnotation( SQLInsert.class );
			SQLUpdate update = type.getAnnotation( SQLUpdate.class );
			if ( insert != null || update != null ) {
				String annotation = insert != null ? "@SQLInsert" : "@SQLUpdate";
				throw new IllegalArgumentException( "Entity '" + persister.getEntityName() + "' has custom SQL ("
						+ annotation + " on " + type.getName() + "), which an upsert cannot run: it writes with its"
						+ " own INSERT ... ON CONFLICT statement and would bypass it. Use persist/merge for this"
						+ " entity, or remove the custom SQL" );
			}
		}
	}
}
