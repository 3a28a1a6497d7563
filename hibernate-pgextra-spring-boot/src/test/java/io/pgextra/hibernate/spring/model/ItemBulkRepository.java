package io.pgextra.hibernate.spring.model;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/** Spring Data bulk statements on {@link Item}: JPQL ({@code @Modifying @Query}) and native SQL. */
public interface ItemBulkRepository extends JpaRepository<Item, Long> {

	@Transactional
	@Modifying
	@Query("update Item i set i.quantity = :quantity where i.sku like :prefix")
	int setQuantity(@Param("prefix") String skuPrefix, @Param("quantity") int quantity);

	@Transactional
	@Modifying
	@Query("delete from Item i where i.sku like :prefix")
	int deleteBySku(@Param("prefix") String skuPrefix);

	@Transactional
	@Modifying(clearAutomatically = true, flushAutomatically = true)
	@Query("update Item i set i.quantity = :quantity where i.sku like :prefix")
	int setQuantityFlushingAndClearing(@Param("prefix") String skuPrefix, @Param("quantity") int quantity);

	@Transactional
	@Modifying(clearAutomatically = true, flushAutomatically = true)
	@Query("delete from Item i where i.sku like :prefix")
	int deleteBySkuFlushingAndClearing(@Param("prefix") String skuPrefix);

	@Transactional
	@Modifying
	@Query(value = "update item set quantity = :quantity where sku like :prefix", nativeQuery = true)
	int setQuantityNatively(@Param("prefix") String skuPrefix, @Param("quantity") int quantity);
}
