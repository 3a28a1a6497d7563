package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictCondition;
import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DoUpdateStep;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.OnConflictStep;

import jakarta.persistence.EntityManager;

/**
 * Implements every step of the {@code ON CONFLICT} DSL. Immutable: each refinement returns a copy, so a step can be
 * kept and reused, also from several threads (each call uses the session of its own caller's entity manager).
 */
final class ConflictInsertImpl<T> implements OnConflictStep<T>, DoUpdateStep<T> {

	private final EntityManager em;
	private final Class<T> entityClass;
	private final ConflictTarget target;
	private final ConflictAction action;
	private final List<String> updating;
	private final Map<String, ConflictExpression> sets;
	private final ConflictCondition where;

	ConflictInsertImpl(EntityManager em, Class<T> entityClass, ConflictTarget target) {
		this( Objects.requireNonNull( em, "entityManager" ), Objects.requireNonNull( entityClass, "entityClass" ),
				Objects.requireNonNull( target, "target" ), null, null, Map.of(), null );
	}

	private ConflictInsertImpl(EntityManager em, Class<T> entityClass, ConflictTarget target, ConflictAction action,
			List<String> updating, Map<String, ConflictExpression> sets, ConflictCondition where) {
		this.em = em;
		this.entityClass = entityClass;
		this.target = target;
		this.action = action;
		this.updating = updating;
		this.sets = sets;
		this.where = where;
	}

	@Override
	public DoUpdateStep<T> doUpdate() {
		return withAction( ConflictAction.UPDATE );
	}

	@Override
	public InsertStep<T> doNothing() {
		return withAction( ConflictAction.NOTHING );
	}

	ConflictInsertImpl<T> withAction(ConflictAction chosen) {
		return new ConflictInsertImpl<>( em, entityClass, target, chosen, null, Map.of(), null );
	}

	@Override
	public DoUpdateStep<T> updating(String... attributes) {
		Objects.requireNonNull( attributes, "attributes" );
		if ( attributes.length == 0 ) {
			throw new IllegalArgumentException( "updating() needs at least one attribute;"
					+ " to leave conflicting rows alone use doNothing()" );
		}
		List<String> list = new ArrayList<>( updating == null ? List.of() : updating );
		for ( String attribute : attributes ) {
			list.add( Objects.requireNonNull( attribute, "attribute" ) );
		}
		return new ConflictInsertImpl<>( em, entityClass, target, action, List.copyOf( list ), sets, where );
	}

	@Override
	public DoUpdateStep<T> set(String attribute, ConflictExpression expression) {
		Objects.requireNonNull( attribute, "attribute" );
		Objects.requireNonNull( expression, "expression (use ConflictExpression.value(null) for NULL)" );
		Map<String, ConflictExpression> copy = new LinkedHashMap<>( sets );
		copy.put( attribute, expression );
		return new ConflictInsertImpl<>( em, entityClass, target, action, updating, Map.copyOf( copy ), where );
	}

	@Override
	public DoUpdateStep<T> updating(jakarta.persistence.metamodel.Attribute<?, ?>... attributes) {
		Objects.requireNonNull( attributes, "attributes" );
		String[] names = new String[attributes.length];
		for ( int i = 0; i < attributes.length; i++ ) {
			names[i] = nameOf( attributes[i] );
		}
		return updating( names );
	}

	@Override
	public DoUpdateStep<T> set(jakarta.persistence.metamodel.Attribute<? super T, ?> attribute,
			ConflictExpression expression) {
		return set( nameOf( attribute ), expression );
	}

	/** The generic bound is erased: a raw or cast attribute of another entity is caught here, by its declaring type. */
	private String nameOf(jakarta.persistence.metamodel.Attribute<?, ?> attribute) {
		Objects.requireNonNull( attribute, "attribute (a static metamodel field not populated yet?)" );
		Class<?> declaring = attribute.getDeclaringType().getJavaType();
		if ( declaring != null && !declaring.isAssignableFrom( entityClass ) ) {
			throw new IllegalArgumentException( "Attribute '" + attribute.getName() + "' is declared by "
					+ declaring.getName() + ", not by entity '" + entityClass.getName()
					+ "' or a supertype of it; use an attribute of " + entityClass.getSimpleName() + "_" );
		}
		return attribute.getName();
	}

	@Override
	public InsertStep<T> where(ConflictCondition condition) {
		Objects.requireNonNull( condition, "condition" );
		return new ConflictInsertImpl<>( em, entityClass, target, action, updating, sets, condition );
	}

	private ConflictExecution execution() {
		return ConflictExecution.forEntity( em, entityClass, target, action, updating, sets, where );
	}

	// ---- single row ----

	@Override
	@SuppressWarnings("unchecked")
	public <I> I insert(Map<String, ?> values) {
		return (I) single( execution().executeMaps( List.of( requireValues( values ) ), ConflictExecution.Mode.IDS ) ).id();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <I> I insert(T entity) {
		return (I) single( execution().executeEntities( List.of( requireEntity( entity ) ), ConflictExecution.Mode.IDS ) ).id();
	}

	@Override
	public <I> I insert(Map<String, ?> values, Class<I> idType) {
		Class<I> checked = checkIdType( idType );
		requireValues( values );
		return checked.cast( insert( values ) );
	}

	@Override
	public <I> I insert(T entity, Class<I> idType) {
		Class<I> checked = checkIdType( idType );
		requireEntity( entity );
		return checked.cast( insert( entity ) );
	}

	@Override
	public <I> List<I> bulkInsert(Collection<? extends T> entities, Class<I> idType) {
		Class<I> checked = checkIdType( idType );
		Objects.requireNonNull( entities, "entities" );
		List<I> ids = new ArrayList<>( entities.size() );
		for ( Object id : this.<Object>bulkInsert( entities ) ) {
			ids.add( checked.cast( id ) );
		}
		return ids;
	}

	/**
	 * Checks the caller's identifier type against Hibernate's metamodel before any SQL, so a wrong guess is a clear
	 * message rather than a ClassCastException at the call site.
	 */
	private <I> Class<I> checkIdType(Class<I> idType) {
		Objects.requireNonNull( idType, "idType" );
		Class<?> actual = em.getEntityManagerFactory().getMetamodel().entity( entityClass ).getIdType().getJavaType();
		Class<?> boxed = box( actual );
		if ( !box( idType ).isAssignableFrom( boxed ) ) {
			throw new IllegalArgumentException( "Entity '" + entityClass.getName() + "' has an identifier of type "
					+ boxed.getName() + ", not " + idType.getName() + "; pass " + boxed.getSimpleName()
					+ ".class (or a supertype of it)" );
		}
		@SuppressWarnings("unchecked")
		Class<I> result = (Class<I>) box( idType );
		return result;
	}

	private static Class<?> box(Class<?> type) {
		return type.isPrimitive() ? java.lang.invoke.MethodType.methodType( type ).wrap().returnType() : type;
	}

	@Override
	@SuppressWarnings("unchecked")
	public T insertAndGet(Map<String, ?> values) {
		return (T) single( execution().executeMaps( List.of( requireValues( values ) ), ConflictExecution.Mode.ENTITIES ) ).entity();
	}

	@Override
	@SuppressWarnings("unchecked")
	public T insertAndGet(T entity) {
		return (T) single( execution().executeEntities( List.of( requireEntity( entity ) ), ConflictExecution.Mode.ENTITIES ) ).entity();
	}

	@Override
	public ConflictResult insertForResult(Map<String, ?> values) {
		return single( execution().executeMaps( List.of( requireValues( values ) ), ConflictExecution.Mode.IDS ) ).toResult();
	}

	@Override
	public ConflictResult insertForResult(T entity) {
		return single( execution().executeEntities( List.of( requireEntity( entity ) ), ConflictExecution.Mode.IDS ) ).toResult();
	}

	// ---- bulk ----

	@Override
	public List<Map<String, Object>> bulkInsertMaps(List<? extends Map<String, ?>> rows) {
		Objects.requireNonNull( rows, "rows" );
		ConflictExecution execution = execution();
		List<ConflictExecution.RowResult> results = execution.executeMaps( rows, ConflictExecution.Mode.IDS );
		String idName = execution.idAttributeName();
		List<Map<String, Object>> merged = new ArrayList<>( results.size() );
		for ( int i = 0; i < results.size(); i++ ) {
			Map<String, Object> row = new LinkedHashMap<>( rows.get( i ) );
			if ( idName != null ) {
				row.put( idName, results.get( i ).id() );
			}
			merged.add( row );
		}
		return merged;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <I> List<I> bulkInsert(Collection<? extends T> entities) {
		Objects.requireNonNull( entities, "entities" );
		List<I> ids = new ArrayList<>( entities.size() );
		for ( ConflictExecution.RowResult result : execution().executeEntities( List.copyOf( entities ), ConflictExecution.Mode.IDS ) ) {
			ids.add( (I) result.id() );
		}
		return ids;
	}

	@Override
	public List<T> bulkInsertMapsAndGet(List<? extends Map<String, ?>> rows) {
		Objects.requireNonNull( rows, "rows" );
		return entities( execution().executeMaps( rows, ConflictExecution.Mode.ENTITIES ) );
	}

	@Override
	public List<T> bulkInsertAndGet(Collection<? extends T> entities) {
		Objects.requireNonNull( entities, "entities" );
		return entities( execution().executeEntities( List.copyOf( entities ), ConflictExecution.Mode.ENTITIES ) );
	}

	@Override
	public List<ConflictResult> bulkInsertMapsForResults(List<? extends Map<String, ?>> rows) {
		Objects.requireNonNull( rows, "rows" );
		return results( execution().executeMaps( rows, ConflictExecution.Mode.IDS ) );
	}

	@Override
	public List<ConflictResult> bulkInsertForResults(Collection<? extends T> entities) {
		Objects.requireNonNull( entities, "entities" );
		return results( execution().executeEntities( List.copyOf( entities ), ConflictExecution.Mode.IDS ) );
	}

	@SuppressWarnings("unchecked")
	private List<T> entities(List<ConflictExecution.RowResult> results) {
		List<T> list = new ArrayList<>( results.size() );
		for ( ConflictExecution.RowResult result : results ) {
			list.add( (T) result.entity() );
		}
		return list;
	}

	private static List<ConflictResult> results(List<ConflictExecution.RowResult> results) {
		List<ConflictResult> list = new ArrayList<>( results.size() );
		for ( ConflictExecution.RowResult result : results ) {
			list.add( result.toResult() );
		}
		return list;
	}

	private static ConflictExecution.RowResult single(List<ConflictExecution.RowResult> results) {
		return results.get( 0 );
	}

	private static Map<String, ?> requireValues(Map<String, ?> values) {
		return Objects.requireNonNull( values, "values" );
	}

	private T requireEntity(T entity) {
		Objects.requireNonNull( entity, "entity" );
		return entity;
	}
}
